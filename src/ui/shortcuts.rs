//! Keyboard and scrolling at the page level: `/` focuses the search (of the
//! first widget on screen, when a page has several), and a
//! reader who scrolls (wheel, touch, scroll keys) stops the list following
//! playback and typing from pulling the first match into view.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use super::state::WidgetState;

/// Renders nothing; listens at the window for the page's lifetime.
#[component]
pub fn Shortcuts(state: WidgetState) -> impl IntoView {
    dom::on_window("keydown", move |e| {
        let e: web_sys::KeyboardEvent = e.unchecked_into();
        let origin = dom::event_origin(&e).and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let typing = origin.as_ref().is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        });
        let key = e.key();
        let for_this_widget = || state.root.get_untracked().is_none_or(|root| dom::is_the_pages_widget_for_keys(&root));
        if key == "/" && !typing && !e.ctrl_key() && !e.meta_key() && !e.alt_key() && for_this_widget() {
            if let Some(input) = state.search_field() {
                e.prevent_default();
                let _ = input.focus();
            }
        }
        let scrolls = matches!(key.as_str(), "PageUp" | "PageDown" | "Home" | "End" | "ArrowUp" | "ArrowDown" | " ");
        let in_field = origin.is_some_and(|el| el.tag_name() == "INPUT");
        if scrolls && !in_field {
            reader_scrolled(state);
        }
    });
    dom::on_window("wheel", move |_| reader_scrolled(state));
    dom::on_window("touchmove", move |_| reader_scrolled(state));
}

/// The reader moved the page themselves.
fn reader_scrolled(state: WidgetState) {
    state.kept.update_value(|k| k.reader_scrolled = true);
    if state.playing.get_untracked().is_some() {
        state.following.set(false);
    }
}
