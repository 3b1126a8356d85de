//! The view in the URL fragment: kept in step as the reader changes it
//! (typing replaces the history entry, jumps and filters push one), and
//! restored on back, forward and edited fragments.

use leptos::ev;
use leptos::prelude::*;

use super::dom;
use super::state::{clear, WidgetState};
use crate::view_state::{merge_fragment, parse_fragment, ViewState};

/// Renders nothing; ties the view to the URL for this widget's keys.
#[component]
pub fn UrlSync(state: WidgetState) -> impl IntoView {
    Effect::new(move |previous: Option<ViewState>| {
        let view = state.view();
        if let Some(previous) = &previous {
            let push = previous.speakers != view.speakers || previous.time != view.time;
            let fragment = state.prefix.with_value(|prefix| merge_fragment(&dom::fragment(), &view, prefix));
            dom::set_fragment(&fragment, push);
        }
        view
    });
    let _ = window_event_listener(ev::hashchange, move |_| restore(state));
    let _ = window_event_listener(ev::popstate, move |_| restore(state));
    // Open at the URL's moment.
    if let Some(id) = state.range.get_untracked().and_then(|(start, _)| state.segment_at(start)) {
        request_animation_frame(move || state.jump(id, true));
    }
}

/// Applies the fragment's view to this widget.
fn restore(state: WidgetState) {
    let view = state.prefix.with_value(|prefix| parse_fragment(&dom::fragment(), prefix));
    if view.query != state.query.get_untracked() {
        state.query.set(view.query.clone());
        state.current_match.set(None);
    }
    if view.speakers != state.speakers.get_untracked() {
        state.speakers.set(view.speakers.clone());
    }
    match view.time {
        Some((start, end)) => {
            let id = state.segment_at(start);
            let same = id == state.selected.get_untracked();
            state.range.set(end.map(|e| (start, Some(e))));
            if let (Some(id), false) = (id, same) {
                state.jump(id, true);
            }
        }
        None => {
            clear(state.range);
            state.selected.set(None);
        }
    }
}
