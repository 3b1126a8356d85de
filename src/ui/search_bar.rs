//! The search bar: the field, the match counter with previous/next, and
//! the "only matches" toggle.

use leptos::prelude::*;

use super::effects::{clicked, pressed};
use super::state::{clear, WidgetState};
use crate::present::{match_count_text, step_match};

/// `input[type="search"]`, `[data-match-count]` ("3 of 17", read out
/// politely), ↑/↓ (Shift+Enter / Enter) and the "Only matches" toggle.
#[component]
pub fn SearchBar(state: WidgetState) -> impl IntoView {
    let cannot_step = move || state.answer.with(|a| !a.searching || a.result.hits.is_empty());
    let count_text = move || {
        let (searching, total) = state.answer.with(|a| (a.searching, a.result.total()));
        match_count_text(searching, total, state.current_match.get())
    };
    let on_input = move |e: leptos::ev::Event| {
        let text = event_target_value(&e);
        if state.query.with_untracked(String::is_empty) {
            // A new query: typing brings its first match into view again.
            state.reader_scrolled.set_value(false);
        }
        state.query.set(text);
        clear(state.range);
        bring_first_match_into_view(state);
    };
    let on_key = move |e: web_sys::KeyboardEvent| match e.key().as_str() {
        "Enter" => {
            e.prevent_default();
            step(state, !e.shift_key());
        }
        "Escape" => {
            e.prevent_default();
            state.query.set(String::new());
        }
        _ => {}
    };
    view! {
        <div class="vb-search" role="search">
            <label class="vb-search-field">
                <span class="vb-visually-hidden">"Search the transcript"</span>
                <svg class="vb-search-icon" aria-hidden="true" viewBox="0 0 20 20">
                    <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
                    <path d="M13 13l4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                </svg>
                <input
                    type="search"
                    node_ref=state.input
                    placeholder="Search the conversation"
                    aria-keyshortcuts="/"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || state.query.get()
                    on:input=on_input
                    on:keydown=pressed(on_key)
                />
            </label>
            <span class="vb-nav">
                <span
                    class="vb-count"
                    data-match-count=move || state.painted_total.get()
                    aria-live="polite"
                    aria-atomic="true"
                >
                    {count_text}
                </span>
                <button
                    type="button"
                    class="vb-icon-button"
                    aria-label="Previous match (Shift+Enter)"
                    title="Previous match (Shift+Enter)"
                    disabled=cannot_step
                    on:click=clicked(move |_| step(state, false))
                >
                    "↑"
                </button>
                <button
                    type="button"
                    class="vb-icon-button"
                    aria-label="Next match (Enter)"
                    title="Next match (Enter)"
                    disabled=cannot_step
                    on:click=clicked(move |_| step(state, true))
                >
                    "↓"
                </button>
            </span>
            <label class="vb-toggle">
                <input
                    type="checkbox"
                    prop:checked=move || state.only_matches.get()
                    on:change=move |e| state.only_matches.set(event_target_checked(&e))
                />
                <span>"Only matches"</span>
            </label>
        </div>
    }
}

/// Steps to the next (or previous) match, wrapping around, and jumps there.
fn step(state: WidgetState, forward: bool) {
    let hits = state.answer.with_untracked(|a| if a.searching { a.result.hits.clone() } else { Vec::new() });
    let Some(next) = step_match(state.current_match.get_untracked(), forward, hits.len()) else { return };
    state.current_match.set(Some(next));
    clear(state.range);
    state.without_new_entry();
    state.jump(hits[next], true);
}

/// As find-in-page does: while the reader types, the first match comes
/// into view, unless they have scrolled since they began the query.
fn bring_first_match_into_view(state: WidgetState) {
    if state.reader_scrolled.get_value() {
        return;
    }
    let first = state.answer.with_untracked(|a| a.result.hits.first().copied().filter(|_| a.searching));
    if let Some(id) = first {
        state.reveal(id, false);
        request_animation_frame(move || {
            if let Some(row) = state.row(id) {
                super::dom::scroll_into_view_if_needed(&row);
            }
        });
    }
}
