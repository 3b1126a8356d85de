//! The transcript list, windowed: the rows around the reader's position,
//! grown as they near either end, and what to say when nothing matches.
//!
//! The window grows from the list's own visibility (an
//! `IntersectionObserver` on a sentinel before and after it, against the
//! top-level viewport), not from the window's `scroll` event, which a host
//! page that scrolls inside an element never sends, and which an iframe
//! grown to its content never has.

use std::sync::Arc;

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::dom;
use super::effects::{clicked, watch, watch_changes};
use super::row::{self, Clicked, Rendered};
use super::state::{Kept, TimeRange, WidgetState, STEP, WINDOW};
use crate::present::html::no_matches_html;
use crate::transcript::format_clock;
use crate::view_state::ViewState;

/// The list (`ol.vb-list`) of the rendered window of visible segments.
/// Its first rows are written with it, so they are there the moment the
/// search box is; `render_window` keeps them in step with the window.
#[component]
pub fn TranscriptList(state: WidgetState) -> impl IntoView {
    let first_rows = state.visible.with_untracked(|list| {
        let (lo, hi) = state.window.get_untracked();
        let (lo, hi) = (lo.min(list.len()), hi.min(list.len()));
        state.kept.update_value(|k| k.rendered = Rendered { list: Arc::clone(list), lo, hi });
        row::rows_html(state, list, lo, hi)
    });
    render_window(state);
    new_search_resets_stepping(state);
    repaint_marks_on_new_results(state);
    mark_current_rows(state);
    dom::on_window("scroll", move |_| note_row_on_screen(state));
    let (top, bottom) = (NodeRef::<html::Div>::new(), NodeRef::<html::Div>::new());
    grow_near_the_ends(state, top, bottom);
    view! {
        <div class="vb-sentinel" node_ref=top aria-hidden="true"></div>
        <ol
            class="vb-list"
            node_ref=state.list
            aria-label="Transcript"
            inner_html=first_rows
            on:click=clicked(move |event| on_row_click(state, &event))
        ></ol>
        <div class="vb-sentinel" node_ref=bottom aria-hidden="true"></div>
    }
}

/// A click on a row's time or text jumps there (and plays); on its `#`,
/// copies a link to the moment. A click that ends a text selection is for
/// quoting, not for jumping.
fn on_row_click(state: WidgetState, event: &ev::MouseEvent) {
    match row::clicked(event.target()) {
        Some(Clicked::Time(id)) => state.jump_and_play(id, false),
        Some(Clicked::Text(id)) if dom::selection_len() == 0 => state.jump_and_play(id, false),
        Some(Clicked::Link(id)) => {
            let start = state.start_of(id);
            let view = ViewState { time: Some((start, None)), ..ViewState::default() };
            state.copy(state.share_link(&view), format!("Link to {} copied", format_clock(start)));
        }
        _ => {}
    }
}

/// Writes the rows of the window when it or the list changes: the rows it
/// gained at either end when it only grew, else all of them.
/// A window past the end of a new list (a filter, "only matches") starts
/// again at the top. (One effect for all this: each costs wasm bytes.)
fn render_window(state: WidgetState) {
    watch(move || {
        let list = state.visible.get();
        let (lo, hi) = state.window.get();
        if lo >= list.len().max(1) {
            state.window.set((0, WINDOW));
            return;
        }
        let (lo, hi) = (lo.min(list.len()), hi.min(list.len()));
        let Some(ol) = state.list.get_untracked() else { return };
        let (same_list, was_lo, was_hi) =
            state.kept.with_value(|Kept { rendered: r, .. }| (*r.list == *list, r.lo, r.hi));
        if same_list && (lo, hi) == (was_lo, was_hi) {
            return;
        }
        // Recorded first: the rows written below look themselves up by it.
        state.kept.update_value(|k| k.rendered = Rendered { list: Arc::clone(&list), lo, hi });
        if same_list && lo == was_lo && hi > was_hi && was_hi > was_lo {
            let _ = ol.insert_adjacent_html("beforeend", &row::rows_html(state, &list, was_hi, hi));
        } else if same_list && hi == was_hi && lo < was_lo && was_hi > was_lo {
            let _ = ol.insert_adjacent_html("afterbegin", &row::rows_html(state, &list, lo, was_lo));
        } else {
            ol.set_inner_html(&row::rows_html(state, &list, lo, hi));
        }
    });
}

/// How near the screen (CSS pixels) an end of the list makes it grow.
const NEAR: &str = "2000px 0px";

/// Adds rows when the sentinel before or after the list comes within
/// `NEAR` of the screen, and checks again after each growth (the new rows
/// may not have pushed the sentinel away).
fn grow_near_the_ends(state: WidgetState, top: NodeRef<html::Div>, bottom: NodeRef<html::Div>) {
    watch_changes(move |observer: Option<Option<web_sys::IntersectionObserver>>| {
        if let Some(existing) = observer.flatten() {
            return Some(existing);
        }
        let (top, bottom) = (top.get()?, bottom.get()?);
        let top_element: web_sys::Element = top.clone().into();
        let observer = dom::observe_near_screen(NEAR, move |target, observer| {
            let at_start = target == &top_element;
            if grow_window(state, at_start) {
                let (target, observer) = (target.clone(), observer.clone());
                request_animation_frame(move || {
                    observer.unobserve(&target);
                    observer.observe(&target);
                });
            }
        })?;
        observer.observe(&top);
        observer.observe(&bottom);
        Some(observer)
    });
}

/// A new query or speaker choice counts matches from the start again.
fn new_search_resets_stepping(state: WidgetState) {
    watch(move || {
        state.query.track();
        state.speakers.track();
        state.current_match.set(None);
    });
}

/// New results repaint marks nearest the reader first: around the first
/// hit when typing brings it into view, else around the row on screen.
fn repaint_marks_on_new_results(state: WidgetState) {
    watch(move || {
        let first_hit = state.answer.with(|a| a.result.hits.first().copied().filter(|_| a.searching));
        let anchor = match first_hit {
            Some(id) if !state.kept.with_value(|k| k.reader_scrolled) => id,
            _ => state.kept.with_value(|k| k.on_screen),
        };
        state.repaint_marks(anchor);
    });
}

/// Moves `aria-current` from the row it leaves to the row it enters,
/// repaints the text of the rows the spoken word leaves and enters (one
/// row, as the word moves along it during playback), and marks the rows in
/// a quoted range (`t=start,end`) as it comes and goes. (One effect for
/// all three: each effect costs wasm bytes.) While the reader has
/// text selected (to quote it), the spoken word waits: writing a row's text
/// again would take their selection away.
fn mark_current_rows(state: WidgetState) {
    watch_changes(move |previous: Option<(Option<u32>, Option<TimeRange>)>| {
        let (now, range) = (state.current(), state.range.get());
        let word = state.word_now();
        let word_before = if dom::has_selection() {
            word
        } else {
            state.kept.try_update_value(|k| std::mem::replace(&mut k.spoken, word)).flatten()
        };
        if let Some((was, was_range)) = previous {
            if was != now {
                was.into_iter().for_each(|id| row::mark_current(state, id, false));
                now.into_iter().for_each(|id| row::mark_current(state, id, true));
            }
            if was_range != range {
                row::repaint_range(state, was_range);
            }
        }
        if word_before != word {
            let (before, after) = (word_before.map(|w| w.segment), word.map(|w| w.segment));
            for id in [before.filter(|&id| Some(id) != after), after].into_iter().flatten() {
                row::repaint_text(state, id);
            }
        }
        (now, range)
    });
}

/// Notes the first row on screen (scrolling has laid the page out, so
/// reading positions here is cheap).
fn note_row_on_screen(state: WidgetState) {
    if let Some(id) = state.list.get_untracked().and_then(|list| dom::first_row_on_screen(&list)) {
        state.kept.update_value(|k| k.on_screen = id);
    }
}

/// Adds a step of rows at the start (or the end) of the window; whether
/// there were any to add.
fn grow_window(state: WidgetState, at_start: bool) -> bool {
    let (lo, hi) = state.window.get_untracked();
    let total = state.visible.with_untracked(|v| v.len());
    if at_start && lo > 0 {
        // Rows added above push the rows on screen down where the browser
        // has no scroll anchoring (or the host page turned it off): the
        // first segment on screen is put back where it was once the new
        // rows are laid out.
        let list = state.list.get_untracked();
        let anchor = list.as_ref().and_then(|list| dom::first_row_on_screen(list));
        let before = anchor.and_then(|id| state.row(id)).map(|row| row.get_bounding_client_rect().top());
        state.window.set((lo.saturating_sub(STEP), hi));
        if let (Some(id), Some(before)) = (anchor, before) {
            request_animation_frame(move || {
                let Some(row) = state.row(id) else { return };
                let moved = row.get_bounding_client_rect().top() - before;
                if moved.abs() > 1.0 {
                    dom::scroll_by(&row, moved);
                }
            });
        }
        true
    } else if !at_start && hi < total {
        state.window.set((lo, (hi + STEP).min(total)));
        true
    } else {
        false
    }
}

/// What to say when nothing matches, with ways out (written as HTML by
/// `present::html::no_matches_html`; its buttons' clicks come here).
#[component]
pub fn NoMatches(state: WidgetState) -> impl IntoView {
    let html = move || {
        if !state.answer.with(|a| a.searching && a.result.hits.is_empty()) {
            return String::new();
        }
        let filtered = state.speakers.with(|s| !s.is_empty());
        state.query.with(|query| no_matches_html(query, filtered))
    };
    let on_click = move |e: ev::MouseEvent| match dom::closest_data(e.target(), "data-action").as_deref() {
        Some("clear-search") => state.query.set(String::new()),
        Some("show-all-speakers") => state.speakers.set(Vec::new()),
        _ => {}
    };
    view! { <div inner_html=html on:click=clicked(on_click)></div> }
}
