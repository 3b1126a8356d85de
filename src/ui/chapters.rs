//! The chapter list: jump to a chapter's first segment.

use leptos::prelude::*;

use super::dom;
use super::effects::clicked;
use super::state::{clear, WidgetState};
use crate::present::html::chapters_html;

/// Chapters behind a disclosure, when the episode has any: written as HTML
/// (`present::html::chapters_html`); their clicks reach the list.
#[component]
pub fn Chapters(state: WidgetState) -> impl IntoView {
    let html = chapters_html(&state.episode());
    view! { <div class="vb-slot" inner_html=html on:click=clicked(move |e| go_to_chapter(state, e.target()))></div> }
}

/// Jumps to the start of the chapter whose button was clicked. (An episode
/// without segments has chapters to show but nowhere to jump.)
fn go_to_chapter(state: WidgetState, target: Option<web_sys::EventTarget>) {
    let index: Option<usize> = dom::closest_data(target, "data-chapter").and_then(|i| i.parse().ok());
    let Some(start) = index.and_then(|i| state.with_transcript(|t| t.chapters.get(i).map(|c| c.start))) else {
        return;
    };
    if let Some(id) = state.segment_at(start) {
        clear(state.range);
        state.jump(id, true);
        state.play_from(start);
    }
}
