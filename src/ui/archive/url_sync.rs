//! The archive's view in the URL fragment: kept in step as the reader
//! changes it (typing replaces the history entry, filters and order push
//! one), and restored on back, forward and edited fragments.

use leptos::ev;
use leptos::prelude::*;

use super::super::dom;
use super::state::ArchiveState;
use crate::archive::present::{mentions_view, merge_view, parse_view, ArchiveView};

/// Renders nothing; ties the view to the URL for this widget's keys.
#[component]
pub fn ArchiveUrlSync(state: ArchiveState) -> impl IntoView {
    let written = StoredValue::new(dom::fragment());
    Effect::new(move |previous: Option<ArchiveView>| {
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
    let _ = window_event_listener(ev::hashchange, move |_| restore());
    let _ = window_event_listener(ev::popstate, move |_| restore());
}
