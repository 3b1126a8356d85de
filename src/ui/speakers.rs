//! The speaker filters: one toggle per speaker, with colour and talk time.

use leptos::prelude::*;

use super::effects::clicked;
use super::state::WidgetState;
use crate::present::talk_shares;
use crate::transcript::Speaker;

/// A row of toggles, one per speaker (`button[data-speaker-filter]`).
#[component]
pub fn SpeakerFilters(state: WidgetState) -> impl IntoView {
    let t = state.episode();
    let shares = talk_shares(&t);
    let buttons = t
        .speakers
        .iter()
        .zip(shares)
        .enumerate()
        .map(|(i, (speaker, share))| speaker_filter(state, speaker, i % 6, share))
        .collect_view();
    view! {
        <section class="vb-speakers" aria-label="Speakers: filter by who is talking">
            {buttons}
        </section>
    }
}

/// One speaker's toggle: pressed when the list shows them.
fn speaker_filter(state: WidgetState, speaker: &Speaker, colour: usize, share: u64) -> impl IntoView {
    let id = speaker.id.clone();
    let pressed = {
        let id = id.clone();
        move || if state.speakers.with(|chosen| chosen.contains(&id)) { "true" } else { "false" }
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            state.speakers.update(|chosen| match chosen.iter().position(|x| x == &id) {
                Some(at) => {
                    chosen.remove(at);
                }
                None => chosen.push(id.clone()),
            });
            state.keep_selection_listed();
        }
    };
    let role = (!speaker.role.is_empty()).then(|| view! { <span class="vb-role">{speaker.role.clone()}</span> });
    view! {
        <button
            type="button"
            class=format!("vb-speaker-filter vb-c{colour}")
            data-speaker-filter=id
            aria-pressed=pressed
            on:click=clicked(toggle)
        >
            <span class="vb-dot" aria-hidden="true"></span>
            <span class="vb-name">{speaker.name.clone()}</span>
            {role}
            <span class="vb-share" title="Share of talk time">
                <span class="vb-share-bar" aria-hidden="true">
                    <span style:width=format!("{share}%")></span>
                </span>
                {format!("{share}% of talk")}
            </span>
        </button>
    }
}
