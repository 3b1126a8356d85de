//! One segment of the transcript list: speaker label at a turn, time,
//! text with its marks, and a link to the moment.

use leptos::either::Either;
use leptos::prelude::*;

use super::dom;
use super::state::WidgetState;
use crate::present::text_parts;
use crate::search::Piece;
use crate::transcript::{format_clock, format_seconds};
use crate::view_state::ViewState;

/// A row (`li[data-segment][data-start][data-speaker]`). It reads the
/// search, the spoken word and the current segment only when its own
/// trigger fires (see `WidgetState::rows`), so a keystroke repaints the
/// rows whose marks change and no others, and playback only the row whose
/// spoken word (`span[data-word-current]`, around its part of any match)
/// moves.
#[component]
pub fn Row(state: WidgetState, id: u32, opens_turn: bool) -> impl IntoView {
    let t = state.episode();
    let segment = &t.segments[id as usize];
    let (start, end) = (segment.start, segment.end);
    let speaker = t.speaker_of(segment);
    let colour = segment.speaker.map_or(String::new(), |i| format!(" vb-c{}", i % 6));
    let text = move || {
        state.rows.with_value(|rows| rows.marks[id as usize].track());
        let t = state.transcript.get_value();
        let text = &t.segments[id as usize].text;
        let marks =
            if state.is_hit(id) { state.answer.with_untracked(|a| a.result.matcher.spans(text)) } else { Vec::new() };
        let word = state.spoken.get_value().filter(|w| w.segment == id).map(|w| (w.from, w.to));
        let parts = text_parts(text, &marks, word);
        let (across_start, across_end) = (parts.match_across_start(), parts.match_across_end());
        let word = (!parts.word.is_empty())
            .then(|| view! { <span data-word-current="">{pieces(parts.word, across_start, across_end)}</span> });
        (pieces(parts.before, false, across_start), word, pieces(parts.after, across_end, false))
    };
    let is_current = move || {
        state.rows.with_value(|rows| rows.current[id as usize].track());
        state.current.get_untracked() == Some(id)
    };
    let in_range = move || state.range.get().is_some_and(|(a, b)| b.is_some_and(|b| start < b && end > a));
    let class = move || {
        format!(
            "vb-seg{colour}{}{}",
            if opens_turn { " vb-turn" } else { "" },
            if in_range() { " vb-in-range" } else { "" }
        )
    };
    let copy_link = move |_| {
        let view = ViewState { time: Some((start, None)), ..ViewState::default() };
        state.copy(state.share_link(&view), format!("Link to {} copied", format_clock(start)));
    };
    let on_text = move |_| {
        // A click that ends a text selection is for quoting, not for jumping.
        if dom::selection_len() == 0 {
            state.jump_and_play(id, false);
        }
    };
    let who = opens_turn.then(|| {
        let name = speaker.map_or_else(|| "Unknown speaker".to_string(), |s| s.name.clone());
        view! { <div class="vb-who">{name}</div> }
    });
    view! {
        <li
            class=class
            data-segment=id
            data-start=format_seconds(start)
            data-speaker=speaker.map(|s| s.id.clone()).unwrap_or_default()
            aria-current=move || is_current().then_some("true")
        >
            {who}
            <button
                type="button"
                class="vb-time"
                aria-label=format!("Jump to {}", format_clock(start))
                on:click=move |_| state.jump_and_play(id, false)
            >
                {t.clock(start)}
            </button>
            <p class="vb-text" on:click=on_text>
                {text}
            </p>
            <button
                type="button"
                class="vb-link"
                aria-label=format!("Copy link to {}", format_clock(start))
                title="Copy link to this moment"
                on:click=copy_link
            >
                "#"
            </button>
        </li>
    }
}

/// Text pieces as nodes: plain text, or a `<mark>` for a match. A match
/// cut by the spoken word's edge has its cut side marked (`vb-cut-start`
/// on its first piece when `cut_start`, `vb-cut-end` on its last when
/// `cut_end`), so the stylesheet draws the two marks as one. `Either` (not
/// boxed views) keeps a repaint to the DOM nodes that change.
fn pieces(pieces: Vec<Piece<'_>>, cut_start: bool, cut_end: bool) -> impl IntoView {
    let last = pieces.len().saturating_sub(1);
    pieces
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let text = p.text.to_string();
            if p.marked {
                let class = match (cut_start && i == 0, cut_end && i == last) {
                    (false, false) => None,
                    (true, false) => Some("vb-cut-start"),
                    (false, true) => Some("vb-cut-end"),
                    (true, true) => Some("vb-cut-start vb-cut-end"),
                };
                Either::Left(view! { <mark class=class>{text}</mark> })
            } else {
                Either::Right(text)
            }
        })
        .collect_view()
}
