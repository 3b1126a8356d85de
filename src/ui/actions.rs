//! Sharing and exporting: a link to the view, the transcript (or the part
//! shown) copied or downloaded, and the status line that confirms it.

use leptos::html;
use leptos::prelude::*;

use super::dom;
use super::effects::{clicked, watch};
use super::state::WidgetState;
use crate::present::export_wording;
use crate::present::html::ACTIONS_HTML;
use crate::transcript::to_text;

/// "Share view", "Copy text"/"Copy shown", "Download .txt"/"Download
/// shown", and the status line (`role="status"`). The markup is static
/// (`present::html::ACTIONS_HTML`); two effects write what changes.
#[component]
pub fn Actions(state: WidgetState) -> impl IntoView {
    let bar = NodeRef::<html::Div>::new();
    watch(move || {
        let filtered = state.answer.with(|a| a.searching) || state.speakers.with(|s| !s.is_empty());
        let nothing = state.answer.with(|a| a.searching && a.result.hits.is_empty());
        let Some(bar) = bar.get() else { return };
        let wording = export_wording(filtered);
        let buttons = [
            ("[data-action=copy]", wording.copy, wording.copy_title),
            ("[data-action=download]", wording.download, wording.download_title),
        ];
        for (selector, label, title) in buttons {
            if let Some(button) = dom::find(&bar, selector) {
                dom::set_text(&button, label);
                dom::set_attribute(&button, "title", Some(&title));
                dom::set_attribute(&button, "disabled", nothing.then_some(""));
            }
        }
    });
    watch(move || {
        let status = state.status.get();
        if let Some(line) = bar.get().and_then(|bar| dom::find(&bar, ".vb-status")) {
            dom::set_text(&line, status.as_deref().unwrap_or(""));
        }
    });
    let on_click = move |e: web_sys::MouseEvent| match dom::closest_data(e.target(), "data-action").as_deref() {
        Some("share-view") => {
            let link = state.share_link(&untrack(|| state.view()));
            state.copy(link, "Link to this view copied".into());
        }
        Some("copy") => state.copy(shown_text(state), "Transcript copied".into()),
        Some("download") => dom::download_text("transcript.txt", &shown_text(state)),
        _ => {}
    };
    view! { <div class="vb-actions" node_ref=bar inner_html=ACTIONS_HTML on:click=clicked(on_click)></div> }
}

/// The text of what the list shows: the hits while searching, the chosen
/// speakers' segments when filtered, else everything.
fn shown_text(state: WidgetState) -> String {
    let (searching, hits) = state.answer.with_untracked(|a| (a.searching, a.result.hits.clone()));
    let filtered = searching || state.speakers.with_untracked(|s| !s.is_empty());
    let ids = filtered.then(|| if searching { hits } else { state.visible.get_untracked().to_vec() });
    state.with_transcript(|t| to_text(t, ids.as_deref()))
}
