//! The audio player: seeks on jumps, follows playback (the playing
//! segment is current and scrolled to, the word being spoken is marked),
//! stops at the end of a quoted range, and offers "Back to now" when the
//! reader scrolled away.

use leptos::html;
use leptos::prelude::*;

use super::dom;
use super::effects::{clicked, watch};
use super::state::WidgetState;
use crate::present::html::BACK_TO_NOW_HTML;

/// The `<audio>` element and "Back to now", when the episode has audio.
#[component]
pub fn Player(state: WidgetState) -> impl IntoView {
    let url = state.transcript.with_value(|t| t.audio_url.clone())?;
    let on_time = move |_| {
        let Some(audio) = state.audio.get_untracked() else { return };
        let now = (audio.current_time() * 1000.0) as u32;
        if state.stop_at.get_untracked().is_some_and(|end| now >= end) {
            state.stop_at.set(None);
            let _ = audio.pause();
        }
        if !audio.paused() {
            state.moment.set(Some(now));
        }
        let id = state.segment_at(now);
        if id != state.playing.get_untracked() && !audio.paused() {
            state.playing.set(id);
            if let (Some(id), true) = (id, state.following.get_untracked()) {
                if let Some(row) = state.row(id) {
                    dom::scroll_to(&row);
                }
            }
        }
    };
    let back_to_now = move |_| {
        state.following.set(true);
        if let Some(row) = state.playing.get_untracked().and_then(|id| state.row(id)) {
            dom::scroll_to(&row);
        }
    };
    let away = move || !state.following.get() && state.playing.get().is_some();
    let back = NodeRef::<html::Span>::new();
    watch(move || {
        let shown = away();
        if let Some(slot) = back.get() {
            dom::show_html(&slot, shown.then_some(BACK_TO_NOW_HTML));
        }
    });
    Some(view! {
        <div class="vb-player">
            <audio
                controls
                preload="metadata"
                src=url
                node_ref=state.audio
                on:timeupdate=on_time
                on:pause=move |_| state.playing.set(None)
            ></audio>
            <span class="vb-slot" node_ref=back on:click=clicked(back_to_now)></span>
        </div>
    })
}
