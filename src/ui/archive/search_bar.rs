//! The archive's search bar: the field and the order of results; and the
//! count of matches (read out politely). `/` focuses the field from
//! anywhere on the page; Escape clears it.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{ArchiveState, Shown};
use crate::archive::present::summary;

/// `input[type="search"]` and the order `select`.
#[component]
pub fn ArchiveSearchBar(state: ArchiveState) -> impl IntoView {
    let on_input = move |e: ev::Event| {
        state.query.set(event_target_value(&e));
        state.pages.set(1);
    };
    let on_key = move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" && !state.query.with_untracked(String::is_empty) {
            e.prevent_default();
            state.query.set(String::new());
            state.pages.set(1);
        }
    };
    let on_order = move |e: ev::Event| {
        state.newest_first.set(event_target_value(&e) == "newest");
        state.pages.set(1);
    };
    let placeholder = move || match state.episode_count.get() {
        Some(1) => "Search the episode".to_string(),
        Some(n) => format!("Search all {n} episodes"),
        None => "Search every episode".to_string(),
    };
    focus_on_slash(state);
    view! {
        <div class="vb-search vba-search" role="search">
            <label class="vb-search-field">
                <span class="vb-visually-hidden">"Search the show's episodes"</span>
                <svg class="vb-search-icon" aria-hidden="true" viewBox="0 0 20 20">
                    <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2" />
                    <path d="M13 13l4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
                </svg>
                <input
                    type="search"
                    node_ref=state.input
                    placeholder=placeholder
                    aria-keyshortcuts="/"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || state.query.get()
                    on:input=on_input
                    on:keydown=on_key
                />
            </label>
            <label class="vba-order">
                <span>"Order"</span>
                <select on:change=on_order>
                    <option value="matches" prop:selected=move || !state.newest_first.get()>
                        "Most matches"
                    </option>
                    <option value="newest" prop:selected=move || state.newest_first.get()>
                        "Newest first"
                    </option>
                </select>
            </label>
        </div>
    }
}

/// `/` focuses the search field unless the reader is typing somewhere.
fn focus_on_slash(state: ArchiveState) {
    let _ = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.key() != "/" || e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let origin = super::super::dom::event_origin(&e).and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let typing = origin.is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        });
        if let Some(input) = state.input.get_untracked().filter(|_| !typing) {
            e.prevent_default();
            let _ = input.focus();
        }
    });
}

/// `[data-match-count]`: the matches and episodes shown, in a polite live
/// region (which changes only when results do: "Searching…", while files
/// are fetched, is for the eyes).
#[component]
pub fn ArchiveCount(state: ArchiveState) -> impl IntoView {
    let total = move || state.shown.with(|s| if let Shown::Results { result, .. } = s { result.total } else { 0 });
    let count_text = move || {
        state.shown.with(|s| match s {
            Shown::Results { result, .. } => summary(true, result),
            _ => String::new(),
        })
    };
    let searching = move || state.busy.get() && state.error.with(Option::is_none);
    view! {
        <div class="vba-status">
            <p class="vb-count vba-count" data-match-count=total aria-live="polite" aria-atomic="true">
                {count_text}
            </p>
            <span class="vba-busy" aria-hidden="true" hidden=move || !searching()>
                "Searching…"
            </span>
        </div>
    }
}
