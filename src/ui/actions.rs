//! Sharing and exporting: a link to the view, the transcript (or the part
//! shown) copied or downloaded, and the status line that confirms it.

use leptos::prelude::*;

use super::dom;
use super::effects::clicked;
use super::state::WidgetState;
use crate::transcript::to_text;

/// "Share view", "Copy text"/"Copy shown", "Download .txt"/"Download
/// shown", and the status line (`role="status"`).
#[component]
pub fn Actions(state: WidgetState) -> impl IntoView {
    let filtered = move || state.answer.with(|a| a.searching) || state.speakers.with(|s| !s.is_empty());
    let nothing = move || state.answer.with(|a| a.searching && a.result.hits.is_empty());
    let what = move || if filtered() { "the shown part of the transcript" } else { "the whole transcript" };
    let share_view = move |_| {
        let link = state.share_link(&untrack(|| state.view()));
        state.copy(link, "Link to this view copied".into());
    };
    let copy = move |_| state.copy(shown_text(state), "Transcript copied".into());
    let download = move |_| dom::download_text("transcript.txt", &shown_text(state));
    view! {
        <div class="vb-actions">
            <button
                type="button"
                class="vb-button"
                title="Copy a link that opens this view"
                on:click=clicked(share_view)
            >
                "Share view"
            </button>
            <button
                type="button"
                class="vb-button"
                disabled=nothing
                title=move || format!("Copy {} as text", what())
                on:click=clicked(copy)
            >
                {move || if filtered() { "Copy shown" } else { "Copy text" }}
            </button>
            <button
                type="button"
                class="vb-button"
                disabled=nothing
                title=move || format!("Download {} as a .txt file", what())
                on:click=clicked(download)
            >
                {move || if filtered() { "Download shown" } else { "Download .txt" }}
            </button>
            <span class="vb-status" role="status">
                {move || state.status.get()}
            </span>
        </div>
    }
}

/// The text of what the list shows: the hits while searching, the chosen
/// speakers' segments when filtered, else everything.
fn shown_text(state: WidgetState) -> String {
    let (searching, hits) = state.answer.with_untracked(|a| (a.searching, a.result.hits.clone()));
    let filtered = searching || state.speakers.with_untracked(|s| !s.is_empty());
    let ids = filtered.then(|| if searching { hits } else { state.visible.get_untracked().to_vec() });
    state.transcript.with_value(|t| to_text(t, ids.as_deref()))
}
