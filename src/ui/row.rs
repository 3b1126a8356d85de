//! One segment of the transcript list: speaker label at a turn, time,
//! text with its marks, and a link to the moment.

use leptos::either::Either;
use leptos::prelude::*;

use super::dom;
use super::state::WidgetState;
use crate::search::Piece;
use crate::transcript::{format_clock, format_seconds};
use crate::view_state::ViewState;

/// A row (`li[data-segment][data-start][data-speaker]`). It reads the
/// search and the current segment only when its own trigger fires (see
/// `WidgetState::rows`), so a keystroke repaints the rows whose marks
/// change and no others.
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
        // Plain text is one piece; a hit's pieces alternate with marks.
        // `Either` (not boxed views) keeps a repaint to the DOM nodes.
        let pieces = if state.is_hit(id) {
            state.answer.with_untracked(|a| a.result.matcher.pieces(text))
        } else {
            vec![Piece { text, marked: false }]
        };
        pieces
            .into_iter()
            .map(|p| {
                let text = p.text.to_string();
                if p.marked {
                    Either::Left(view! { <mark>{text}</mark> })
                } else {
                    Either::Right(text)
                }
            })
            .collect_view()
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
