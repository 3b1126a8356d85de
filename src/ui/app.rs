//! The widget's components. State lives in signals; everything else is
//! derived with `Memo` from the pure modules.

use std::sync::Arc;

use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use crate::index::Index;
use crate::search::{Matcher, Query, SearchResult, Searcher};
use crate::transcript::{format_clock, format_seconds, to_text, Millis, Timing};
use crate::view_state::{merge_fragment, parse_fragment, ViewState};

/// Segments rendered at once around the reader's position; more are added
/// as they scroll, so a 10-hour episode never builds its whole DOM.
const WINDOW: usize = 500;
/// Segments added when the reader nears either end of the window.
const STEP: usize = 250;
/// Hits whose marks render in the keystroke's own frame.
const MARKS_AT_ONCE: usize = 60;
/// Hits whose marks render in each following frame.
const MARKS_PER_FRAME: usize = 120;
/// Match ticks drawn on the timeline at most (nearby ones share a tick).
const MAX_TICKS: usize = 400;

/// The whole widget, or an alert box when the index cannot be read.
#[component]
pub fn Widget(bytes: Result<Vec<u8>, String>, prefix: String) -> impl IntoView {
    let index = bytes.and_then(|b| Index::from_bytes(&b).map_err(|e| format!("This transcript cannot be shown: {e}.")));
    match index {
        Ok(index) => view! { <Episode searcher=Arc::new(Searcher::new(index)) prefix=prefix /> }.into_any(),
        Err(message) => view! {
            <div class="vb-root">
                <div class="vb-alert" role="alert">
                    <strong>"Transcript unavailable. "</strong>
                    {message}
                </div>
            </div>
        }
        .into_any(),
    }
}

/// `part` of `whole` as a CSS percentage with three decimals, in integer
/// arithmetic: float formatting would add kilobytes of wasm. (Styles are
/// set as properties, `style:left=…`, never as `style` attributes, which a
/// Content Security Policy without 'unsafe-inline' would block.)
fn percent(part: Millis, whole: Millis) -> String {
    let milli = u64::from(part) * 100_000 / u64::from(whole.max(1));
    format!("{}.{:03}%", milli / 1000, milli % 1000)
}

/// Splits text at highlight spans into (piece, is_match) parts.
fn pieces(text: &str, spans: &[(usize, usize)]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    for &(a, b) in spans {
        if a > at {
            out.push((text[at..a].to_string(), false));
        }
        out.push((text[a..b].to_string(), true));
        at = b;
    }
    if at < text.len() {
        out.push((text[at..].to_string(), false));
    }
    out
}

#[component]
fn Episode(searcher: Arc<Searcher>, prefix: String) -> impl IntoView {
    let t = Arc::clone(&searcher.index().transcript);
    let initial = parse_fragment(&dom::fragment(), &prefix);

    let query = RwSignal::new(initial.query.clone());
    let speakers = RwSignal::new(initial.speakers.clone());
    let selected: RwSignal<Option<u32>> = RwSignal::new(None);
    let range: RwSignal<Option<(Millis, Option<Millis>)>> = RwSignal::new(initial.time);
    let only_matches = RwSignal::new(false);
    let current_match: RwSignal<Option<usize>> = RwSignal::new(None);
    let playing: RwSignal<Option<u32>> = RwSignal::new(None);
    let following = RwSignal::new(true);
    let window = RwSignal::new((0usize, WINDOW));
    let copied: RwSignal<Option<String>> = RwSignal::new(None);
    let input_ref = NodeRef::<html::Input>::new();
    let audio_ref = NodeRef::<html::Audio>::new();
    let list_ref = NodeRef::<html::Ol>::new();

    // Derived state: the search result, the visible list, the hit lookup.
    // The hits, what to highlight, and whether the query has any words.
    let result: Memo<Arc<(SearchResult, Matcher, bool)>> = {
        let searcher = searcher.clone();
        Memo::new(move |_| {
            let query = Query::parse(&query.get());
            let (hits, matcher) = searcher.search(&query, &speakers.get());
            Arc::new((hits, matcher, !query.is_empty()))
        })
    };
    let searching = Memo::new(move |_| result.with(|r| r.2));
    // Each segment's place among the hits (`u32::MAX`: not a hit).
    let hit_rank: Memo<Arc<Vec<u32>>> = {
        let n = t.segments.len();
        Memo::new(move |_| {
            let mut rank = vec![u32::MAX; n];
            if searching.get() {
                for (i, &id) in result.get().0.hits.iter().enumerate() {
                    rank[id as usize] = i as u32;
                }
            }
            Arc::new(rank)
        })
    };
    // How many hits may show their <mark>s yet: the first MARKS_AT_ONCE at
    // once, then more every frame, so a keystroke that matches hundreds of
    // segments paints its first results within a frame instead of
    // re-rendering every row before anything appears.
    let mark_budget = RwSignal::new(usize::MAX);
    {
        let generation = StoredValue::new(0u64);
        Effect::new(move |_| {
            let total = result.with(|r| r.0.total());
            generation.update_value(|g| *g += 1);
            mark_budget.set(MARKS_AT_ONCE.min(total.max(1)));
            grow_budget(mark_budget, total, generation, generation.get_value());
        });
    }
    let visible: Memo<Arc<Vec<u32>>> = {
        let t = t.clone();
        Memo::new(move |_| {
            if searching.get() && only_matches.get() {
                return Arc::new(result.get().0.hits.clone());
            }
            let keep = speakers.get();
            let ids = (0..t.segments.len() as u32)
                .filter(|&id| {
                    keep.is_empty() || t.speaker_of(&t.segments[id as usize]).is_some_and(|s| keep.contains(&s.id))
                })
                .collect::<Vec<_>>();
            // Speaker ids that match nobody are ignored, like in the URL.
            let ids = if ids.is_empty() && !keep.is_empty() { (0..t.segments.len() as u32).collect() } else { ids };
            Arc::new(ids)
        })
    };
    // The segment marked `aria-current`: the playing one while audio plays.
    let current = Memo::new(move |_| playing.get().or(selected.get()));

    // Jumping: select a segment, make sure it is rendered, scroll to it.
    // Segments are looked up inside this widget's own root, so two widgets
    // on a page, or one inside a shadow root, never reach each other's.
    let root_ref = NodeRef::<html::Div>::new();
    let segment_element = move |id: u32| {
        root_ref
            .get_untracked()
            .and_then(|root| root.query_selector(&format!("[data-segment=\"{id}\"]")).ok().flatten())
    };
    let jump = {
        move |id: u32, scroll: bool| {
            selected.set(Some(id));
            let list = visible.get_untracked();
            if let Some(pos) = list.iter().position(|&v| v == id) {
                let (lo, hi) = window.get_untracked();
                if pos < lo || pos >= hi {
                    let lo = pos.saturating_sub(WINDOW / 4);
                    window.set((lo, lo + WINDOW));
                }
            }
            if scroll {
                request_animation_frame(move || {
                    if let Some(el) = segment_element(id) {
                        dom::scroll_to(&el);
                    }
                });
            }
        }
    };

    // The view as the URL carries it.
    let current_view = {
        let t = t.clone();
        move || {
            let time = match (range.get(), selected.get()) {
                (Some(r), _) => Some(r),
                (None, Some(id)) => t.segments.get(id as usize).map(|s| (s.start, None)),
                _ => None,
            };
            ViewState { query: query.get(), speakers: speakers.get(), time }
        }
    };
    // The URL fragment reflects the view; typing replaces the entry,
    // discrete changes (a jump, a filter) push one.
    {
        let prefix = prefix.clone();
        let current_view = current_view.clone();
        Effect::new(move |previous: Option<ViewState>| {
            let view = current_view();
            if let Some(previous) = &previous {
                let push = previous.speakers != view.speakers || previous.time != view.time;
                dom::set_fragment(&merge_fragment(&dom::fragment(), &view, &prefix), push);
            }
            view
        });
    }
    // Back, forward and edited fragments restore the view.
    {
        let prefix = prefix.clone();
        let t = t.clone();
        let apply = move || {
            let view = parse_fragment(&dom::fragment(), &prefix);
            if view.query != query.get_untracked() {
                query.set(view.query.clone());
                current_match.set(None);
            }
            if view.speakers != speakers.get_untracked() {
                speakers.set(view.speakers.clone());
            }
            match view.time {
                Some((start, end)) => {
                    let id = t.segment_at(start).map(|i| i as u32);
                    let same = id == selected.get_untracked();
                    range.set(end.map(|e| (start, Some(e))));
                    if let (Some(id), false) = (id, same) {
                        jump(id, true);
                    }
                }
                None => {
                    clear(range);
                    selected.set(None);
                }
            }
        };
        let apply2 = apply.clone();
        let _ = window_event_listener(ev::hashchange, move |_| apply());
        let _ = window_event_listener(ev::popstate, move |_| apply2());
    }
    // Open at the URL's moment.
    if let Some((start, _)) = initial.time {
        if let Some(id) = t.segment_at(start) {
            request_animation_frame(move || jump(id as u32, true));
        }
    }

    // Match navigation: Enter / Shift+Enter, the arrows, the counter.
    let step_match = {
        move |delta: isize| {
            let hits = result.get_untracked().0.hits.clone();
            if hits.is_empty() {
                return;
            }
            let n = hits.len() as isize;
            let next = match current_match.get_untracked() {
                Some(i) => (i as isize + delta).rem_euclid(n) as usize,
                None if delta >= 0 => 0,
                None => (n - 1) as usize,
            };
            current_match.set(Some(next));
            clear(range);
            jump(hits[next], true);
        }
    };
    // A new query starts counting again.
    Effect::new(move |_| {
        query.track();
        speakers.track();
        current_match.set(None);
        let (lo, _) = window.get_untracked();
        if lo != 0 {
            window.set((0, WINDOW));
        }
    });

    // `/` focuses the search from anywhere outside a text field.
    let _ = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        let typing = dom::event_origin(&e).and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        });
        if e.key() == "/" && !typing && !e.ctrl_key() && !e.meta_key() && !e.alt_key() {
            if let Some(input) = input_ref.get_untracked() {
                e.prevent_default();
                let _ = input.focus();
            }
        }
    });

    // Audio: seek on jump, follow playback, stop following when the
    // reader scrolls away.
    let has_audio = t.audio_url.is_some();
    // Where playback should stop: the end of a quoted range being played.
    let stop_at: RwSignal<Option<Millis>> = RwSignal::new(None);
    let play_from = move |start: Millis| {
        if let Some(audio) = audio_ref.get_untracked() {
            stop_at.set(None);
            audio.set_current_time(f64::from(start) / 1000.0);
            dom::play(&audio);
            following.set(true);
        }
    };
    let play_range = move |start: Millis, end: Millis| {
        play_from(start);
        stop_at.set(Some(end));
    };
    let on_time = {
        let t = t.clone();
        move |_| {
            let Some(audio) = audio_ref.get_untracked() else { return };
            let now = (audio.current_time() * 1000.0) as Millis;
            if stop_at.get_untracked().is_some_and(|end| now >= end) {
                stop_at.set(None);
                let _ = audio.pause();
            }
            let id = t.segment_at(now).map(|i| i as u32);
            if id != playing.get_untracked() && !audio.paused() {
                playing.set(id);
                if let (Some(id), true) = (id, following.get_untracked()) {
                    if let Some(el) = segment_element(id) {
                        dom::scroll_to(&el);
                    }
                }
            }
        }
    };
    let stop_following = move || {
        if playing.get_untracked().is_some() {
            following.set(false);
        }
    };
    let _ = window_event_listener(ev::wheel, move |_| stop_following());
    let _ = window_event_listener(ev::touchmove, move |_| stop_following());
    let _ = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        let scrolls =
            matches!(e.key().as_str(), "PageUp" | "PageDown" | "Home" | "End" | "ArrowUp" | "ArrowDown" | " ");
        let in_field = dom::event_origin(&e).and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some();
        if scrolls && !in_field {
            stop_following();
        }
    });

    // Growing the window as the reader nears its ends.
    let on_scroll = move |_| {
        let Some(list) = list_ref.get_untracked() else { return };
        let rect = list.get_bounding_client_rect();
        let height = window_height();
        let (lo, hi) = window.get_untracked();
        let total = visible.get_untracked().len();
        if rect.bottom() < height * 3.0 && hi < total {
            window.set((lo, (hi + STEP).min(total)));
        } else if rect.top() > -height * 2.0 && lo > 0 {
            window.set((lo.saturating_sub(STEP), hi));
        }
    };
    let _ = window_event_listener(ev::scroll, on_scroll);

    let total_ms = t.duration().max(1);
    let talk = t.talk_time();
    let talk_total: u64 = talk.iter().sum::<u64>().max(1);

    let header = {
        let t = t.clone();
        view! {
            <header class="vb-header">
                <p class="vb-show">{t.show.clone()}</p>
                <h2 class="vb-title">{t.title.clone()}</h2>
                <p class="vb-meta">
                    {t.date.clone()}
                    " · "
                    {t.clock(t.duration())}
                    {(t.timing == Timing::Estimated).then(|| view! {
                        <span class="vb-estimated" title="The transcript has no timestamps; times are estimated from its length.">" · times estimated"</span>
                    })}
                </p>
                {(!t.description.is_empty()).then(|| view! {
                    <details class="vb-description">
                        <summary>"About this episode"</summary>
                        <p>{t.description.clone()}</p>
                    </details>
                })}
            </header>
        }
    };

    let speaker_buttons = t
        .speakers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let id = s.id.clone();
            let id2 = s.id.clone();
            let share = (talk[i] * 100 + talk_total / 2) / talk_total;
            let pressed = move || speakers.get().contains(&id);
            view! {
                <button
                    type="button"
                    class=format!("vb-speaker-filter vb-c{}", i % 6)
                    data-speaker-filter=s.id.clone()
                    aria-pressed=move || if pressed() { "true" } else { "false" }
                    on:click=move |_| speakers.update(|list| {
                        if let Some(at) = list.iter().position(|x| x == &id2) { list.remove(at); } else { list.push(id2.clone()); }
                    })
                >
                    <span class="vb-dot" aria-hidden="true"></span>
                    <span class="vb-name">{s.name.clone()}</span>
                    {(!s.role.is_empty()).then(|| view! { <span class="vb-role">{s.role.clone()}</span> })}
                    <span class="vb-share" title="Share of talk time">
                        <span class="vb-share-bar" aria-hidden="true"><span style:width=format!("{share}%")></span></span>
                        {format!("{share}% of talk")}
                    </span>
                </button>
            }
        })
        .collect_view();

    let chapters = {
        let t2 = t.clone();
        (!t.chapters.is_empty()).then(move || {
            let items = t2
                .chapters
                .iter()
                .map(|c| {
                    let start = c.start;
                    let id = t2.segment_at(start).unwrap_or(0) as u32;
                    view! {
                        <li>
                            <button type="button" class="vb-chapter" on:click=move |_| { clear(range); jump(id, true); play_from(start); }>
                                <span class="vb-chapter-time">{t2.clock(start)}</span>
                                <span>{c.title.clone()}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <details class="vb-chapters">
                    <summary>{format!("Chapters ({})", t2.chapters.len())}</summary>
                    <ol>{items}</ol>
                </details>
            }
        })
    };

    // The timeline: speaker turns as bands, a tick per match.
    let timeline = {
        let t2 = t.clone();
        let bands = t
            .turns()
            .into_iter()
            .map(|(first, last, speaker)| {
                let start = t2.segments[first].start;
                let end = t2.segments[last].end;
                let class = speaker.map_or("vb-band".to_string(), |s| format!("vb-band vb-c{}", s % 6));
                view! { <span class=class style:left=percent(start, total_ms) style:width=percent(end.saturating_sub(start), total_ms)></span> }
            })
            .collect_view();
        let t3 = t2.clone();
        let t5 = t2.clone();
        let ticks = move || {
            if !searching.get() {
                return Vec::new();
            }
            let mut seen = std::collections::BTreeSet::new();
            for &id in &result.get().0.hits {
                let at = (u64::from(t5.segments[id as usize].start) * MAX_TICKS as u64 / u64::from(total_ms)) as usize;
                seen.insert(at);
            }
            seen.into_iter()
                .map(|at| view! { <span class="vb-tick" style:left=percent(at as Millis, MAX_TICKS as Millis)></span> })
                .collect::<Vec<_>>()
        };
        let on_click = move |e: web_sys::MouseEvent| {
            let Some(target) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let rect = target.get_bounding_client_rect();
            // max/min, not f64::clamp: its panic message pulls float formatting
            // (about 30 KB) into the wasm.
            #[allow(clippy::manual_clamp)]
            let fraction = ((f64::from(e.client_x()) - rect.left()) / rect.width()).max(0.0).min(1.0);
            let time = (fraction * f64::from(total_ms)) as Millis;
            if let Some(id) = t2.segment_at(time) {
                clear(range);
                jump(id as u32, true);
                play_from(t2.segments[id].start);
            }
        };
        // The strip is also a slider for the keyboard: arrows step 30 s,
        // Page keys 5 minutes, Home and End the ends.
        let t6 = t3.clone();
        let on_key = move |e: web_sys::KeyboardEvent| {
            let now = current.get_untracked().map_or(0, |id| t6.segments[id as usize].start);
            let target = match e.key().as_str() {
                "ArrowRight" | "ArrowUp" => now.saturating_add(30_000),
                "ArrowLeft" | "ArrowDown" => now.saturating_sub(30_000),
                "PageUp" => now.saturating_add(300_000),
                "PageDown" => now.saturating_sub(300_000),
                "Home" => 0,
                "End" => total_ms,
                _ => return,
            };
            e.prevent_default();
            if let Some(id) = t6.segment_at(target.min(total_ms)) {
                clear(range);
                jump(id as u32, true);
            }
        };
        let t7 = t3.clone();
        let value_now = move || current.get().map_or(0, |id| t7.segments[id as usize].start / 1000);
        let t8 = t3.clone();
        let value_text = move || t8.clock(current.get().map_or(0, |id| t8.segments[id as usize].start));
        let t4 = t3.clone();
        let now = move || {
            current.get().map(|id| {
                view! { <span class="vb-now" style:left=percent(t4.segments[id as usize].start, total_ms)></span> }
            })
        };
        view! {
            <div
                class="vb-timeline"
                data-timeline=""
                role="slider"
                tabindex="0"
                aria-label="Episode timeline: speaker turns and matches; arrows move 30 seconds"
                aria-valuemin="0"
                aria-valuemax=total_ms / 1000
                aria-valuenow=value_now
                aria-valuetext=value_text
                on:click=on_click
                on:keydown=on_key
                title="Where the episode goes; matches are marked. Click to jump."
            >
                <div class="vb-bands" aria-hidden="true">{bands}</div>
                <div class="vb-ticks" aria-hidden="true">{ticks}</div>
                {now}
            </div>
        }
    };

    let count_text = move || {
        let total = result.get().0.total();
        match (searching.get(), current_match.get()) {
            (false, _) => String::new(),
            (true, _) if total == 0 => "No matches".to_string(),
            (true, Some(i)) => format!("{} of {total}", i + 1),
            (true, None) => format!("{total} {}", if total == 1 { "match" } else { "matches" }),
        }
    };

    let search_bar = {
        view! {
            <div class="vb-search" role="search">
                <label class="vb-search-field">
                    <span class="vb-visually-hidden">"Search the transcript"</span>
                    <svg class="vb-search-icon" aria-hidden="true" viewBox="0 0 20 20"><circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M13 13l4.5 4.5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>
                    <input
                        type="search"
                        node_ref=input_ref
                        placeholder="Search the conversation"
                        aria-keyshortcuts="/"
                        autocomplete="off"
                        spellcheck="false"
                        prop:value=move || query.get()
                        on:input=move |e| { query.set(event_target_value(&e)); clear(range); }
                        on:keydown=move |e: web_sys::KeyboardEvent| match e.key().as_str() {
                            "Enter" => { e.prevent_default(); step_match(if e.shift_key() { -1 } else { 1 }); }
                            "Escape" => { e.prevent_default(); query.set(String::new()); }
                            _ => {}
                        }
                    />
                </label>
                <span class="vb-nav">
                <span class="vb-count" data-match-count=move || result.get().0.total() aria-live="polite" aria-atomic="true">{count_text}</span>
                <button type="button" class="vb-icon-button" aria-label="Previous match (Shift+Enter)" title="Previous match (Shift+Enter)" disabled=move || !searching.get() || result.get().0.hits.is_empty() on:click=move |_| step_match(-1)>"↑"</button>
                <button type="button" class="vb-icon-button" aria-label="Next match (Enter)" title="Next match (Enter)" disabled=move || !searching.get() || result.get().0.hits.is_empty() on:click=move |_| step_match(1)>"↓"</button>
                </span>
                <label class="vb-toggle">
                    <input type="checkbox" prop:checked=move || only_matches.get() on:change=move |e| only_matches.set(event_target_checked(&e)) />
                    <span>"Only matches"</span>
                </label>
            </div>
        }
    };

    let actions = {
        let t_copy = t.clone();
        let t_down = t.clone();
        let current_view = current_view.clone();
        let share_prefix = prefix.clone();
        let filtered = move || searching.get() || !speakers.get().is_empty();
        let nothing = move || searching.get() && result.get().0.hits.is_empty();
        let what = move || if filtered() { "the shown part of the transcript" } else { "the whole transcript" };
        let chosen = move || -> Option<Vec<u32>> {
            filtered().then(|| {
                if searching.get_untracked() {
                    result.get_untracked().0.hits.clone()
                } else {
                    visible.get_untracked().to_vec()
                }
            })
        };
        let flash = move |what: &str| {
            copied.set(Some(what.to_string()));
            set_timeout(move || copied.set(None), std::time::Duration::from_millis(2000));
        };
        view! {
            <div class="vb-actions">
                <button type="button" class="vb-button" title="Copy a link that opens this view" on:click=move |_| { dom::copy_text(&dom::share_link(&untrack(&current_view), &share_prefix)); flash("Link to this view copied"); }>"Share view"</button>
                <button type="button" class="vb-button" disabled=nothing title=move || format!("Copy {} as text", what()) on:click=move |_| { dom::copy_text(&to_text(&t_copy, chosen().as_deref())); flash("Transcript copied"); }>
                    {move || if filtered() { "Copy shown" } else { "Copy text" }}
                </button>
                <button type="button" class="vb-button" disabled=nothing title=move || format!("Download {} as a .txt file", what()) on:click=move |_| dom::download_text("transcript.txt", &to_text(&t_down, chosen().as_deref()))>
                    {move || if filtered() { "Download shown" } else { "Download .txt" }}
                </button>
                <span class="vb-status" role="status">{move || copied.get()}</span>
            </div>
        }
    };

    // Sharing a quote: selecting text in the transcript offers a button
    // that copies the quote with speaker, time and a link to that range.
    let quote: RwSignal<Option<Quote>> = RwSignal::new(None);
    let on_select = {
        let t = t.clone();
        move || {
            let Some(root) = root_ref.get_untracked() else { return };
            quote.set(dom::selected_segments(&root).and_then(|(first, last, text, top, left)| {
                let (a, b) = (t.segments.get(first as usize)?, t.segments.get(last as usize)?);
                let who = t.speaker_of(a).map(|s| s.name.clone());
                Some(Quote { text, who, start: a.start, end: b.end.max(a.start), top, left })
            }));
        }
    };
    // `selectionchange` is fired at the document and does not bubble.
    dom::on_document("selectionchange", on_select);
    let share_quote = {
        let t = t.clone();
        let prefix = prefix.clone();
        move |_| {
            let Some(q) = quote.get_untracked() else { return };
            let view = ViewState { time: Some((q.start, Some(q.end))), ..ViewState::default() };
            let link = dom::share_link(&view, &prefix);
            let who = q.who.as_deref().map(|w| format!(" — {w}")).unwrap_or_default();
            dom::copy_text(&format!("“{}”{who}, {} ({})\n{link}", q.text, t.clock(q.start), t.title));
            range.set(Some((q.start, Some(q.end))));
            if let Some(id) = t.segment_at(q.start) {
                selected.set(Some(id as u32));
            }
            copied.set(Some("Quote copied with a link to it".into()));
            if has_audio {
                play_range(q.start, q.end);
            }
            quote.set(None);
        }
    };
    let quote_button = move || {
        quote.get().map(|q| {
            view! {
                <button
                    type="button"
                    class="vb-button vb-quote"
                    data-share-quote=""
                    style:top=format!("{}px", q.top)
                    style:left=format!("{}px", q.left)
                    on:mousedown=|e| e.prevent_default()
                    on:click=share_quote.clone()
                >
                    "Share quote"
                </button>
            }
        })
    };

    let no_matches = move || {
        (searching.get() && result.get().0.hits.is_empty()).then(|| {
            let filtered = !speakers.get().is_empty();
            view! {
                <div class="vb-empty">
                    <p><strong>{format!("Nothing matches “{}”", query.get())}</strong>{if filtered { " for the chosen speakers." } else { "." }}</p>
                    <p>"Try fewer or shorter words, a different spelling, or remove quotes around a phrase."</p>
                    <p>
                        <button type="button" class="vb-button" on:click=move |_| query.set(String::new())>"Clear search"</button>
                        {filtered.then(|| view! { <button type="button" class="vb-button" on:click=move |_| speakers.set(Vec::new())>"Show all speakers"</button> })}
                    </p>
                </div>
            }
        })
    };

    // The transcript list (windowed).
    let rows = {
        let t = t.clone();
        let root_prefix = prefix.clone();
        move || {
            let list = visible.get();
            let (lo, hi) = window.get();
            let (lo, hi) = (lo.min(list.len()), hi.min(list.len()));
            list[lo..hi]
                .iter()
                .enumerate()
                .map(|(k, &id)| {
                    let s = &t.segments[id as usize];
                    let prev = if lo + k > 0 { Some(list[lo + k - 1]) } else { None };
                    let new_turn = prev.is_none_or(|p| t.segments[p as usize].speaker != s.speaker || p + 1 != id);
                    let speaker = t.speaker_of(s);
                    let colour = s.speaker.map_or(String::new(), |i| format!(" vb-c{}", i % 6));
                    let text = s.text.clone();
                    let start = s.start;
                    let end = s.end;
                    let prefix = root_prefix.clone();
                    // Only rows that are (or stop being) hits re-render on a
                    // keystroke: the rest never read the search result.
                    let rank = Memo::new(move |_| hit_rank.with(|h| h.get(id as usize).copied().filter(|&r| r != u32::MAX)));
                    let hit = Memo::new(move |_| rank.get().is_some_and(|r| (r as usize) < mark_budget.get()));
                    let marked = move || {
                        let spans = if hit.get() { result.get().1.spans(&text) } else { Vec::new() };
                        pieces(&text, &spans)
                            .into_iter()
                            .map(|(piece, m)| if m { view! { <mark>{piece}</mark> }.into_any() } else { piece.into_any() })
                            .collect_view()
                    };
                    let in_range = move || range.get().is_some_and(|(a, b)| b.is_some_and(|b| start < b && end > a));
                    let link = move |_| {
                        let view = ViewState { time: Some((start, None)), ..ViewState::default() };
                        dom::copy_text(&dom::share_link(&view, &prefix));
                        copied.set(Some(format!("Link to {} copied", format_clock(start))));
                    };
                    view! {
                        <li
                            class=move || format!("vb-seg{}{}{}", colour, if new_turn { " vb-turn" } else { "" }, if in_range() { " vb-in-range" } else { "" })
                            data-segment=id
                            data-start=format_seconds(start)
                            data-speaker=speaker.map(|sp| sp.id.clone()).unwrap_or_default()
                            aria-current=move || (current.get() == Some(id)).then_some("true")
                        >
                            {new_turn.then(|| view! { <div class="vb-who">{speaker.map(|sp| sp.name.clone()).unwrap_or_else(|| "Unknown speaker".into())}</div> })}
                            <button type="button" class="vb-time" aria-label=format!("Jump to {}", format_clock(start)) on:click=move |_| { clear(range); jump(id, false); play_from(start); }>
                                {t.clock(start)}
                            </button>
                            <p class="vb-text" on:click=move |_| {
                                // A click that ends a text selection is for
                                // quoting, not for jumping.
                                let selecting = window_selection_len() > 0;
                                if !selecting { clear(range); jump(id, false); play_from(start); }
                            }>{marked}</p>
                            <button type="button" class="vb-link" aria-label=format!("Copy link to {}", format_clock(start)) title="Copy link to this moment" on:click=link>"#"</button>
                        </li>
                    }
                })
                .collect_view()
        }
    };

    let audio = t.audio_url.clone().map(|url| {
        view! {
            <div class="vb-player">
                <audio controls preload="metadata" src=url node_ref=audio_ref on:timeupdate=on_time on:pause=move |_| playing.set(None)></audio>
                {move || (!following.get() && playing.get().is_some()).then(|| {
                    view! {
                        <button type="button" class="vb-button vb-back" on:click=move |_| {
                            following.set(true);
                            if let Some(id) = playing.get_untracked() {
                                if let Some(el) = segment_element(id) { dom::scroll_to(&el); }
                            }
                        }>"Back to now"</button>
                    }
                })}
            </div>
        }
    });

    view! {
        <div class="vb-root" node_ref=root_ref data-has-audio=has_audio.then_some("true")>
            {header}
            <section class="vb-speakers" aria-label="Speakers: filter by who is talking">{speaker_buttons}</section>
            {chapters}
            {audio}
            <div class="vb-sticky">
                {search_bar}
                {timeline}
            </div>
            {actions}
            {quote_button}
            {move || (has_audio && range.get().is_some_and(|r| r.1.is_some())).then(|| view! {
                <button type="button" class="vb-button" data-play-range="" on:click=move |_| {
                    if let Some((a, Some(b))) = range.get_untracked() { play_range(a, b); }
                }>"Play the quoted part"</button>
            })}
            {no_matches}
            <ol class="vb-list" node_ref=list_ref aria-label="Transcript">{rows}</ol>
        </div>
    }
}

/// Lets `MARKS_PER_FRAME` more hits show their marks each animation frame
/// until all `total` do, unless a newer search (`generation`) took over.
fn grow_budget(budget: RwSignal<usize>, total: usize, generation: StoredValue<u64>, mine: u64) {
    if budget.get_untracked() >= total {
        return;
    }
    request_animation_frame(move || {
        if generation.get_value() != mine {
            return;
        }
        budget.update(|b| *b = (*b + MARKS_PER_FRAME).min(total));
        grow_budget(budget, total, generation, mine);
    });
}

/// Empties an optional signal, without waking its readers when it is empty
/// already (every keystroke clears the quoted range; hundreds of rows read it).
fn clear<T: Send + Sync + 'static>(signal: RwSignal<Option<T>>) {
    if signal.with_untracked(Option::is_some) {
        signal.set(None);
    }
}

/// A selection in the transcript that can be shared.
#[derive(Clone, Debug, PartialEq)]
struct Quote {
    text: String,
    who: Option<String>,
    start: Millis,
    end: Millis,
    /// Where to show the button (viewport pixels).
    top: i32,
    left: i32,
}

fn window_height() -> f64 {
    web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(800.0)
}

fn window_selection_len() -> u32 {
    web_sys::window().and_then(|w| w.get_selection().ok().flatten()).map(|s| s.to_string().length()).unwrap_or(0)
}
