//! The audio player: seeks on jumps, follows playback (the playing
//! segment is current and scrolled to, the word being spoken is marked),
//! stops at the end of a quoted range, and offers "Back to now" when the
//! reader scrolled away.

use leptos::html;
use leptos::prelude::*;

use super::dom;
use super::effects::{clicked, watch, watch_changes};
use super::state::WidgetState;
use crate::present::html::{player_html, BACK_TO_NOW_HTML};

/// The `<audio>` element and "Back to now", when the episode has audio
/// (`present::html::player_html`).
#[component]
pub fn Player(state: WidgetState) -> impl IntoView {
    let html = state.with_transcript(|t| t.audio_url.as_deref().map(player_html)).unwrap_or_default();
    let on_time = move |_: web_sys::Event| {
        let Some(audio) = state.audio() else { return };
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
    let slot = NodeRef::<html::Div>::new();
    // The audio element's events do not bubble: listened to on the
    // element, once it exists.
    watch_changes(move |attached: Option<bool>| {
        if attached == Some(true) {
            return true;
        }
        let Some(audio) = slot.get().and_then(|slot| dom::find(&slot, "audio")) else { return false };
        dom::on(&audio, "timeupdate", on_time);
        dom::on(&audio, "pause", move |_| state.playing.set(None));
        true
    });
    watch(move || {
        let shown = away();
        if let Some(back) = slot.get().and_then(|slot| dom::find(&slot, ".vb-slot")) {
            dom::show_html(&back, shown.then_some(BACK_TO_NOW_HTML));
        }
    });
    view! { <div class="vb-slot" node_ref=slot inner_html=html on:click=clicked(back_to_now)></div> }
}
