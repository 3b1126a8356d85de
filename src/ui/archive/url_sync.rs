//! The archive's view in the URL fragment: kept in step as the reader
//! changes it (typing replaces the history entry, filters and order push
//! one), and restored on back, forward and edited fragments. The reader's
//! place (episodes shown and how far the page is scrolled) is kept in the
//! history entry as the page is left, so that back from an episode page,
//! or a reload, returns to it.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::super::dom;
use super::super::effects::{watch, watch_changes};
use super::state::{ArchiveState, Shown};
use crate::archive::present::{mentions_view, merge_view, parse_view, ArchiveView};

/// The history state's key for an archive's place (its URL prefix added).
const PLACE_KEY: &str = "verbatimArchivePlace";

/// Keeps `[pages, scrollY]` in the current history entry's state, beside
/// whatever else the page keeps there.
fn save_place(prefix: &str, pages: usize) {
    let window = window();
    let Ok(history) = window.history() else { return };
    let state = history.state().unwrap_or(JsValue::NULL);
    let kept = js_sys::Object::new();
    if state.is_object() {
        js_sys::Object::assign(&kept, state.unchecked_ref());
    }
    let place = js_sys::Array::of2(&(pages as f64).into(), &window.scroll_y().unwrap_or(0.0).into());
    let _ = js_sys::Reflect::set(&kept, &format!("{PLACE_KEY}{prefix}").into(), &place);
    let _ = history.replace_state(&kept, "");
}

/// The place kept in the current history entry: pages shown and scroll.
fn saved_place(prefix: &str) -> Option<(usize, f64)> {
    let state = window().history().ok()?.state().ok()?;
    if !state.is_object() {
        return None;
    }
    let place = js_sys::Reflect::get(&state, &format!("{PLACE_KEY}{prefix}").into()).ok()?;
    let place: &js_sys::Array = place.dyn_ref()?;
    let pages = place.get(0).as_f64().filter(|p| (1.0..=1000.0).contains(p))?;
    let scroll = place.get(1).as_f64().filter(|y| y.is_finite() && *y >= 0.0)?;
    Some((pages as usize, scroll))
}

/// Restores the place a history entry kept (more pages at once, then the
/// scroll once they are shown), and keeps it as the page is left.
fn keep_place(state: ArchiveState) {
    let prefix = state.prefix.get_value();
    if let Some((pages, scroll)) = saved_place(&prefix) {
        state.pages.set(pages);
        let pending = StoredValue::new(Some(scroll));
        watch(move || {
            let answered = state.shown.with(|s| !matches!(s, Shown::Starting)) && !state.busy.get();
            if let Some(y) = answered.then(|| pending.try_update_value(Option::take).flatten()).flatten() {
                // After the results are laid out.
                request_animation_frame(move || window().scroll_to_with_x_and_y(0.0, y));
            }
        });
    }
    let _ = window_event_listener_untyped("pagehide", move |_| save_place(&prefix, state.pages.get_untracked()));
}

/// Renders nothing; ties the view to the URL for this widget's keys.
#[component]
pub fn ArchiveUrlSync(state: ArchiveState) -> impl IntoView {
    let written = StoredValue::new(dom::fragment());
    watch_changes(move |previous: Option<ArchiveView>| {
        let view = state.view();
        if let Some(previous) = &previous {
            let push = previous.speakers != view.speakers || previous.newest_first != view.newest_first;
            let fragment = state.prefix.with_value(|prefix| merge_view(&dom::fragment(), &view, prefix));
            dom::set_fragment(&fragment, push);
            written.set_value(fragment);
        }
        view
    });
    let restore = move || {
        let fragment = dom::fragment();
        if written.with_value(|w| *w == fragment) {
            return;
        }
        written.set_value(fragment.clone());
        // A fragment without the archive's keys (a footnote link) says
        // nothing about it; an emptied one means the default view.
        let ours = fragment.is_empty() || state.prefix.with_value(|prefix| mentions_view(&fragment, prefix));
        if ours {
            state.apply_view(state.prefix.with_value(|prefix| parse_view(&fragment, prefix)));
        }
    };
    keep_place(state);
    let _ = window_event_listener(ev::hashchange, move |_| restore());
    let _ = window_event_listener(ev::popstate, move |_| restore());
}
