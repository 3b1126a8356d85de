//! The archive's results: episodes with their best snippets, each linking
//! into the episode page at the moment; before a query, the newest
//! episodes; "More episodes" under either; and the alert box.

use leptos::either::Either;
use leptos::prelude::*;

use super::super::effects::watch;
use super::state::{ArchiveState, Shown, PAGE};
use crate::archive::client::Browsed;
use crate::archive::present::{
    episode_link, has_more, matches_text, more_in_episode, snippet, speaker_key, SpeakerChoice,
};
use crate::archive::search::{ArchiveHit, ArchiveResult, EpisodeHits};
use crate::transcript::{format_clock, format_seconds};

/// A catalogue that cannot be read: `[role="alert"]`, with what to do.
#[component]
pub fn ArchiveAlert(state: ArchiveState) -> impl IntoView {
    move || {
        state.error.get().map(|message| {
            view! {
                <div class="vb-alert" role="alert">
                    <strong>"This show cannot be searched. "</strong>
                    {message}
                    " Try reloading the page; if this stays, the site needs to be published again."
                </div>
            }
        })
    }
}

/// The list, and the control that extends it (kept in place, so the
/// keyboard focus stays on it as episodes are added above).
#[component]
pub fn ArchiveResults(state: ArchiveState) -> impl IntoView {
    let more_available = move || {
        let limit = PAGE.saturating_mul(state.pages.get());
        state.shown.with(|s| match s {
            Shown::Starting => false,
            Shown::Browse(b) => has_more(b.episodes.len(), limit, b.total),
            Shown::Results { result, .. } => has_more(result.episodes.len(), limit, result.episodes_total),
        })
    };
    // Episodes shown when "More episodes" was pressed: once more are shown
    // and the button is gone (nothing more), the keyboard focus goes to the
    // first of the new ones instead of being lost with it.
    let shown_before = StoredValue::new(None::<usize>);
    let results = NodeRef::<leptos::html::Div>::new();
    let more = move |_| {
        let count =
            results.get_untracked().map_or(0, |r| r.query_selector_all(":scope > ol > li").map_or(0, |l| l.length()));
        shown_before.set_value(Some(count as usize));
        state.pages.update(|p| *p += 1);
    };
    watch(move || {
        state.shown.track();
        if state.busy.get() {
            return;
        }
        // The button is still there (and focused): nothing to move.
        let Some(before) = shown_before.get_value().filter(|_| !more_available()) else {
            shown_before.set_value(None);
            return;
        };
        request_animation_frame(move || {
            let first_new = results.get_untracked().and_then(|r| {
                r.query_selector(&format!(":scope > ol > li:nth-child({}) a", before + 1)).ok().flatten()
            });
            if let Some(link) = first_new.and_then(|l| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(l).ok()) {
                let _ = link.focus();
                let _ = shown_before.try_update_value(|b| *b = None);
            }
        });
    });
    view! {
        <div class="vba-results" node_ref=results aria-busy=move || state.busy.get().then_some("true")>
            {move || match state.shown.get() {
                Shown::Starting => None,
                Shown::Browse(browsed) => Some(Either::Left(browse_list(state, &browsed))),
                Shown::Results { query, result } => Some(Either::Right(results_list(state, &query, &result))),
            }}
        </div>
        <p class="vba-more" hidden=move || !more_available()>
            <button type="button" class="vb-button" on:click=more disabled=move || state.busy.get()>
                "More episodes"
            </button>
        </p>
    }
}

/// The newest episodes (of the chosen speakers).
fn browse_list(state: ArchiveState, browsed: &Browsed) -> impl IntoView {
    let filtered = state.speakers.with_untracked(|s| !s.is_empty());
    let heading = if filtered { "Newest episodes with the chosen speakers" } else { "Newest episodes" };
    let items = browsed
        .episodes
        .iter()
        .map(|e| {
            let title = if e.title.is_empty() { e.slug.clone() } else { e.title.clone() };
            view! {
                <li class="vba-listed" data-episode=e.slug.clone()>
                    <a class="vba-listed-title" href=state.url(&episode_link(&e.slug, "", &[], None))>
                        {title}
                    </a>
                    <span class="vba-date">{e.date.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 class="vba-heading">{heading}</h2>
        <ol class="vba-listing">{items}</ol>
    }
}

/// The episodes a query found, or what to do when it found none.
fn results_list(state: ArchiveState, query: &str, result: &ArchiveResult) -> impl IntoView {
    if result.episodes.is_empty() {
        return Either::Left(no_matches(state, query));
    }
    let choices = state.choices.get_untracked();
    let episodes = result.episodes.iter().map(|e| episode(state, query, e, &choices)).collect_view();
    Either::Right(view! { <ol class="vba-episodes">{episodes}</ol> })
}

/// One episode: title (to the episode with the query), date and count,
/// and its first snippets.
fn episode(state: ArchiveState, query: &str, e: &EpisodeHits, choices: &[SpeakerChoice]) -> impl IntoView {
    let title = if e.title.is_empty() { e.slug.clone() } else { e.title.clone() };
    let to_episode = state.url(&episode_link(&e.slug, query, &e.speakers, None));
    let hits = e.hits.iter().map(|h| hit(state, query, e, h, choices)).collect_view();
    let more = more_in_episode(e.total, e.hits.len()).map(|text| {
        view! {
            <a class="vba-more-in" href=to_episode.clone()>
                {text}
            </a>
        }
    });
    view! {
        <li class="vba-episode" data-episode=e.slug.clone() data-total=e.total>
            <h2 class="vba-title">
                <a href=to_episode.clone()>{title}</a>
            </h2>
            <p class="vba-meta">
                <span class="vba-date">{e.date.clone()}</span>
                <span class="vba-episode-count">{matches_text(e.total)}</span>
            </p>
            <ol class="vba-hits">{hits}</ol>
            {more}
        </li>
    }
}

/// One snippet: speaker, time and text with its marks, all one link to the
/// moment in the episode (with the speakers chosen, as its ids there).
fn hit(state: ArchiveState, query: &str, e: &EpisodeHits, h: &ArchiveHit, choices: &[SpeakerChoice]) -> impl IntoView {
    let colour = h.speaker_name.as_deref().map(speaker_key).and_then(|key| choices.iter().position(|c| c.key == key));
    let class = colour.map_or("vba-hit".to_string(), |i| format!("vba-hit vb-c{}", i % 6));
    let pieces = snippet(&h.text, &h.spans)
        .into_iter()
        .map(|p| if p.marked { Either::Left(view! { <mark>{p.text}</mark> }) } else { Either::Right(p.text) })
        .collect_view();
    let who = h.speaker_name.clone().map(|name| view! { <span class="vba-who">{name}</span> });
    view! {
        <li
            class=class
            data-segment=h.segment
            data-start=format_seconds(h.start)
            data-speaker=h.speaker.clone().unwrap_or_default()
        >
            <a class="vba-hit-link" href=state.url(&episode_link(&e.slug, query, &e.speakers, Some(h.start)))>
                {who}
                <span class="vba-when">{format_clock(h.start)}</span>
                <span class="vba-text">{pieces}</span>
            </a>
        </li>
    }
}

/// Nothing matched: say so, with ways out.
fn no_matches(state: ArchiveState, query: &str) -> impl IntoView {
    let filtered = state.speakers.with_untracked(|s| !s.is_empty());
    let all_speakers = filtered.then(|| {
        view! {
            <button
                type="button"
                class="vb-button"
                on:click=move |_| {
                    state.speakers.set(Vec::new());
                    state.pages.set(1);
                }
            >
                "Show all speakers"
            </button>
        }
    });
    view! {
        <div class="vb-empty">
            <p>
                <strong>{format!("Nothing in this show matches “{query}”")}</strong>
                {if filtered { " for the chosen speakers." } else { "." }}
            </p>
            <p>"Try fewer or shorter words, a different spelling, or remove quotes around a phrase."</p>
            <p>
                <button
                    type="button"
                    class="vb-button"
                    on:click=move |_| {
                        state.query.set(String::new());
                        state.pages.set(1);
                    }
                >
                    "Clear search"
                </button>
                {all_speakers}
            </p>
        </div>
    }
}
