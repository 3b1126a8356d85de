//! The view in the URL fragment: kept in step as the reader changes it
//! (typing, stepping through matches and stepping along the timeline with
//! keys replace the history entry; jumps and filters push one), and
//! restored on back, forward and edited fragments (which add no entry of
//! the widget's own).

use leptos::prelude::*;

use super::dom;
use super::effects::watch_changes;
use super::state::WidgetState;
use crate::view_state::{mentions_view, merge_fragment, parse_fragment, ViewState};

/// Renders nothing; ties the view to the URL for this widget's keys.
#[component]
pub fn UrlSync(state: WidgetState) -> impl IntoView {
    state.kept.update_value(|k| k.url_seen = Seen::now());
    watch_changes(move |previous: Option<ViewState>| {
        let view = state.view();
        if let Some(previous) = &previous {
            let replace = state.kept.try_update_value(|k| std::mem::take(&mut k.replace_entry)).unwrap_or(false);
            let push = (previous.speakers != view.speakers || previous.time != view.time) && !replace;
            let fragment = merge_fragment(&dom::fragment(), &view, state.prefix);
            dom::set_fragment(&fragment, push);
            // The widget's own entries are not the host's new entries.
            state.kept.update_value(|k| k.url_seen = Seen::now());
        }
        view
    });
    dom::on_window("hashchange", move |_| on_fragment_change(state));
    dom::on_window("popstate", move |_| on_fragment_change(state));
    // Open at the URL's moment.
    if let Some(id) = state.range.get_untracked().and_then(|(start, _)| state.shown_at(start)) {
        request_animation_frame(move || state.jump(id, true));
    }
}

/// The page's fragment and history length when the widget last looked
/// (kept in [`crate::ui::state::Kept`]).
#[derive(Default)]
pub struct Seen {
    fragment: String,
    history_len: u32,
}

impl Seen {
    fn now() -> Seen {
        Seen { fragment: dom::fragment(), history_len: dom::history_len() }
    }
}

/// The fragment changed (the reader went back or forward, edited it, or
/// the host page followed a link). One change fires both `popstate` and
/// `hashchange`: the second is skipped. A new history entry whose fragment
/// has something but none of this widget's keys (a footnote link, the
/// host's own fragment) leaves the view alone; an emptied fragment, and
/// going back to an entry without the keys, restore it (the history length
/// tells a new entry from a traversal: a traversal does not change it).
fn on_fragment_change(state: WidgetState) {
    let Seen { fragment, history_len } = Seen::now();
    let seen = Seen { fragment: fragment.clone(), history_len };
    let Some((twin, pushed)) = state.kept.try_update_value(|k| {
        let s = std::mem::replace(&mut k.url_seen, seen);
        (s.fragment == fragment && s.history_len == history_len, history_len > s.history_len)
    }) else {
        return;
    };
    if twin {
        return;
    }
    // An emptied fragment still means "the default view".
    let ours = fragment.is_empty() || mentions_view(&fragment, state.prefix);
    if pushed && !ours {
        return;
    }
    restore(state);
}

/// Applies the fragment's view to this widget (the page has its entry:
/// the widget's own changes to it replace it).
fn restore(state: WidgetState) {
    state.without_new_entry();
    state.apply_view(parse_fragment(&dom::fragment(), state.prefix));
}
