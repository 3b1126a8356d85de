//! The search bar: the field, the match counter with previous/next, and
//! the "only matches" toggle.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use super::effects::{clicked, pressed, watch};
use super::state::{clear, WidgetState};
use crate::present::html::SEARCH_BAR_HTML;
use crate::present::{match_count_text, step_match};

/// `input[type="search"]`, `[data-match-count]` ("3 of 17", read out
/// politely), ↑/↓ (Shift+Enter / Enter) and the "Only matches" toggle. The
/// markup is static (`present::html::SEARCH_BAR_HTML`); effects write what
/// changes, and the bar's input, key and click events are handled here.
#[component]
pub fn SearchBar(state: WidgetState) -> impl IntoView {
    let bar = NodeRef::<html::Div>::new();
    watch(move || {
        let (searching, total, no_hits) =
            state.answer.with(|a| (a.searching, a.result.total(), a.result.hits.is_empty()));
        let text = match_count_text(searching, total, state.current_match.get().map(|m| m as usize));
        let painted = state.painted_total.get().to_string();
        let Some(bar) = bar.get() else { return };
        if let Some(count) = dom::find(&bar, "[data-match-count]") {
            dom::set_text(&count, &text);
            dom::set_attribute(&count, "data-match-count", Some(&painted));
        }
        let cannot_step = !searching || no_hits;
        for selector in ["[data-action=previous]", "[data-action=next]"] {
            if let Some(button) = dom::find(&bar, selector) {
                dom::set_attribute(&button, "disabled", cannot_step.then_some(""));
            }
        }
    });
    watch(move || {
        let query = state.query.get();
        if let Some(field) = state.search_field().filter(|f| f.value() != query) {
            field.set_value(&query);
        }
    });
    watch(move || {
        let only = state.only_matches.get();
        if let Some(toggle) = bar.get().and_then(|bar| dom::find(&bar, "input[type=checkbox]")) {
            toggle.unchecked_into::<web_sys::HtmlInputElement>().set_checked(only);
        }
    });
    // Both fields' `input` events (a checkbox fires one as it changes).
    let on_input = move |e: web_sys::Event| {
        let Some(field) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if field.type_() == "checkbox" {
            state.only_matches.set(field.checked());
            return;
        }
        if state.query.with_untracked(String::is_empty) {
            // A new query: typing brings its first match into view again.
            state.kept.update_value(|k| k.reader_scrolled = false);
        }
        state.query.set(field.value());
        clear(state.range);
        bring_first_match_into_view(state);
    };
    let on_key = move |e: web_sys::KeyboardEvent| {
        let in_field = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|f| f.type_() == "search");
        if !in_field {
            return;
        }
        match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                step(state, !e.shift_key());
            }
            "Escape" => {
                e.prevent_default();
                state.query.set(String::new());
            }
            _ => {}
        }
    };
    let on_click = move |e: web_sys::MouseEvent| match dom::closest_data(e.target(), "data-action").as_deref() {
        Some("previous") => step(state, false),
        Some("next") => step(state, true),
        _ => {}
    };
    view! {
        <div
            class="vb-search"
            role="search"
            node_ref=bar
            inner_html=SEARCH_BAR_HTML
            on:input=on_input
            on:keydown=pressed(on_key)
            on:click=clicked(on_click)
        ></div>
    }
}

/// Steps to the next (or previous) match, wrapping around, and jumps there.
fn step(state: WidgetState, forward: bool) {
    let hits = state.answer.with_untracked(|a| if a.searching { a.result.hits.clone() } else { Vec::new() });
    let current = state.current_match.get_untracked().map(|m| m as usize);
    let Some(next) = step_match(current, forward, hits.len()) else { return };
    state.current_match.set(Some(next as u32));
    clear(state.range);
    state.without_new_entry();
    state.jump(hits[next], true);
}

/// As find-in-page does: while the reader types, the first match comes
/// into view, unless they have scrolled since they began the query.
fn bring_first_match_into_view(state: WidgetState) {
    if state.kept.with_value(|k| k.reader_scrolled) {
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
