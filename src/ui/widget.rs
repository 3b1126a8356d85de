//! The widget: the episode's components laid out, or an alert box when
//! its index cannot be read.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::actions::Actions;
use super::chapters::Chapters;
use super::copy_box::CopyBox;
use super::dom;
use super::effects::{clicked, watch_changes};
use super::header::EpisodeHeader;
use super::player::Player;
use super::quote::{PlayQuoted, QuoteButton};
use super::search_bar::SearchBar;
use super::shortcuts::Shortcuts;
use super::speakers::SpeakerFilters;
use super::state::WidgetState;
use super::timeline::Timeline;
use super::transcript_list::{NoMatches, TranscriptList};
use super::url_sync::UrlSync;
use crate::index::Index;
use crate::present::html::alert_html;
use crate::present::text_parts;
use crate::search::{Query, Searcher};
use crate::view_state::parse_fragment;

/// Mounts the widget in `root`, or an alert box when the index cannot be
/// read (fixed markup, not a view: a view type for it, and the `Either`
/// between the two, would cost the wasm about 1 KB).
pub fn mount(root: web_sys::HtmlElement, bytes: Result<Vec<u8>, String>, prefix: String, keep_query: bool) {
    // Read now; its dictionary and postings are derived just after the
    // first paint (`check_and_warm_up`), or at the first search if sooner.
    let index = bytes.and_then(|b| Index::open(&b).map_err(|e| format!("This transcript cannot be shown: {e}.")));
    match index {
        Ok(index) => leptos::mount::mount_to(root, move || {
            let initial = parse_fragment(&dom::fragment(), &prefix);
            let state = WidgetState::new(Arc::new(Searcher::new(index)), prefix, keep_query, &initial);
            view! { <Episode state=state /> }
        })
        .forget(),
        Err(message) => {
            root.set_inner_html(&format!(
                "<div class=\"vb-root\">{}</div>",
                alert_html("Transcript unavailable. ", &message)
            ));
        }
    }
}

/// One episode: the parts, in reading order, over one shared state.
#[component]
fn Episode(state: WidgetState) -> impl IntoView {
    let unsearchable = RwSignal::new(None::<String>);
    attach_api_once_mounted(state, unsearchable);
    let unsearchable = move || {
        unsearchable
            .with(|message| message.as_deref().map(|m| alert_html("Search unavailable. ", m)).unwrap_or_default())
    };
    // Past the transcript in one key press: its rows hold two buttons each.
    let skip = move |_| {
        let end = state.root.get_untracked().and_then(|root| dom::find(&root, ".vb-end"));
        if let Some(end) = end.and_then(|end| end.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = end.focus();
        }
    };
    view! {
        <div class="vb-root" node_ref=state.root data-has-audio=state.has_audio().then_some("true")>
            <button type="button" class="vb-button vb-skip" on:click=clicked(skip)>
                "Skip past the transcript"
            </button>
            <div class="vb-slot" inner_html=unsearchable></div>
            <EpisodeHeader state=state />
            <SpeakerFilters state=state />
            <Chapters state=state />
            <Player state=state />
            <div class="vb-sticky">
                <SearchBar state=state />
                <Timeline state=state />
            </div>
            <Actions state=state />
            <CopyBox state=state />
            <QuoteButton state=state />
            <PlayQuoted state=state />
            <NoMatches state=state />
            <TranscriptList state=state />
            <p class="vb-visually-hidden vb-end" tabindex="-1">
                "End of the transcript"
            </p>
            <UrlSync state=state />
            <Shortcuts state=state />
        </div>
    }
}

/// Gives the widget's element (the `[data-verbatim]` element, or the host
/// of the shadow root the embed mounted it in) its JavaScript API, and
/// checks the index once the widget is painted.
fn attach_api_once_mounted(state: WidgetState, unsearchable: RwSignal<Option<String>>) {
    watch_changes(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(root) = state.root.get() else { return false };
        let Some(mount) = root.parent_element() else { return false };
        let element = match mount.get_root_node().dyn_into::<web_sys::ShadowRoot>() {
            Ok(shadow) => shadow.host(),
            Err(_) => mount,
        };
        super::api::attach(state, element);
        dom::after_paint(move || check_and_warm_up(state, unsearchable));
        true
    });
}

/// Just after the widget is first painted: derives the index's dictionary
/// and postings from its text and checks them against the writer's
/// fingerprint (an index from another tokenizer shows the transcript with
/// an alert that it cannot be searched); then searches and highlights
/// once, out of sight. The browser compiles each wasm function on its
/// first call, so without this the reader's first letter pays for
/// compiling the search, its word expansions (prefix and typo automata)
/// and the highlighting: the slowest keystrokes measured (BENCHMARKS.md).
fn check_and_warm_up(state: WidgetState, unsearchable: RwSignal<Option<String>>) {
    let searcher = state.searcher.get_value();
    if let Err(e) = searcher.index().check() {
        unsearchable.set(Some(format!("This transcript cannot be searched: {e}.")));
        return;
    }
    let transcript = state.episode();
    // A first letter (prefix expansion) and a word long enough for typos.
    for text in ["e", "wasm warmup"] {
        let result = searcher.search(&Query::parse(text), &[]);
        for &id in result.hits.iter().take(16) {
            let text = &transcript.segments[id as usize].text;
            let spans = result.matcher.spans(text);
            std::hint::black_box(text_parts(text, &spans, None));
        }
    }
}
