//! Sharing a quote: selecting transcript text offers a button that copies
//! the quote with speaker, time and a link to exactly that range; a quoted
//! range with audio can be played.

use leptos::prelude::*;

use super::dom;
use super::effects::clicked;
use super::state::WidgetState;
use crate::transcript::Millis;
use crate::view_state::ViewState;

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

/// The "Share quote" button, shown below a selection in the transcript.
#[component]
pub fn QuoteButton(state: WidgetState) -> impl IntoView {
    let quote: RwSignal<Option<Quote>> = RwSignal::new(None);
    // `selectionchange` is fired at the document and does not bubble. It
    // fires on every keystroke in the search field too, and reading a
    // selection forces a layout: text fields are skipped, and the rest is
    // read once per frame, when the page is laid out anyway.
    let queued = StoredValue::new(false);
    dom::on_document("selectionchange", move || {
        if dom::focus_in_text_field() {
            if quote.with_untracked(Option::is_some) {
                quote.set(None);
            }
            return;
        }
        if !queued.get_value() {
            queued.set_value(true);
            request_animation_frame(move || {
                queued.set_value(false);
                quote.set(selected_quote(state));
            });
        }
    });
    let share = move |_| {
        let Some(q) = quote.get_untracked() else { return };
        let view = ViewState { time: Some((q.start, Some(q.end))), ..ViewState::default() };
        let link = state.share_link(&view);
        let who = q.who.as_deref().map(|w| format!(" — {w}")).unwrap_or_default();
        let (clock, title) = state.transcript.with_value(|t| (t.clock(q.start), t.title.clone()));
        state.copy(format!("“{}”{who}, {clock} ({title})\n{link}", q.text), "Quote copied with a link to it".into());
        state.range.set(Some((q.start, Some(q.end))));
        if let Some(id) = state.segment_at(q.start) {
            state.selected.set(Some(id));
        }
        if state.has_audio() {
            state.play_range(q.start, q.end);
        }
        quote.set(None);
    };
    move || {
        quote.get().map(|q| {
            view! {
                <button
                    type="button"
                    class="vb-button vb-quote"
                    data-share-quote=""
                    style:top=format!("{}px", q.top)
                    style:left=format!("{}px", q.left)
                    on:mousedown=|e| e.prevent_default()
                    on:click=clicked(share)
                >
                    "Share quote"
                </button>
            }
        })
    }
}

/// The reader's selection as a quote, if it lies in this widget's text.
fn selected_quote(state: WidgetState) -> Option<Quote> {
    let root = state.root.get_untracked()?;
    let selection = dom::selected_segments(&root)?;
    state.transcript.with_value(|t| {
        let (a, b) = (t.segments.get(selection.first as usize)?, t.segments.get(selection.last as usize)?);
        Some(Quote {
            text: selection.text,
            who: t.speaker_of(a).map(|s| s.name.clone()),
            start: a.start,
            end: b.end.max(a.start),
            top: selection.top,
            left: selection.left,
        })
    })
}

/// "Play the quoted part", while a quoted range is shown and there is audio.
#[component]
pub fn PlayQuoted(state: WidgetState) -> impl IntoView {
    let quoted = move || state.has_audio() && state.range.with(|r| r.is_some_and(|r| r.1.is_some()));
    let play = move |_| {
        if let Some((a, Some(b))) = state.range.get_untracked() {
            state.play_range(a, b);
        }
    };
    move || {
        quoted().then(|| {
            view! {
                <button type="button" class="vb-button" data-play-range="" on:click=clicked(play)>
                    "Play the quoted part"
                </button>
            }
        })
    }
}
