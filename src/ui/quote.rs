//! Sharing a quote: selecting transcript text offers a button that copies
//! the quote with speaker, time and a link to exactly that range; a quoted
//! range with audio can be played.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use super::effects::{clicked, watch};
use super::state::WidgetState;
use crate::present::html::{PLAY_QUOTED_HTML, QUOTE_BUTTON_HTML};
use crate::transcript::Millis;
use crate::view_state::ViewState;

/// A selection in the transcript that can be shared.
pub struct Quote {
    text: String,
    who: Option<String>,
    start: Millis,
    end: Millis,
    /// Where to show the button (viewport pixels).
    top: i32,
    left: i32,
}

/// The "Share quote" button, shown below a selection in the transcript.
/// The quote it shares is kept with the widget's plain values
/// (`Kept::quote`): the button is shown, moved and hidden as the selection
/// changes, and nothing else reacts to it.
#[component]
pub fn QuoteButton(state: WidgetState) -> impl IntoView {
    let slot = NodeRef::<html::Div>::new();
    let offer = move |quote: Option<Quote>| {
        if let Some(slot) = slot.get_untracked() {
            show_button(&slot, quote.as_ref());
        }
        state.kept.update_value(|k| k.quote = quote);
    };
    // `selectionchange` is fired at the document and does not bubble. It
    // fires on every keystroke in the search field too, and reading a
    // selection forces a layout: text fields are skipped, and the rest is
    // read once per frame, when the page is laid out anyway.
    dom::on_document("selectionchange", move || {
        if dom::focus_in_text_field() {
            if state.kept.with_value(|k| k.quote.is_some()) {
                offer(None);
            }
            return;
        }
        if !state.kept.with_value(|k| k.selection_queued) {
            state.kept.update_value(|k| k.selection_queued = true);
            request_animation_frame(move || {
                state.kept.update_value(|k| k.selection_queued = false);
                offer(selected_quote(state));
            });
        }
    });
    let share = move |_| {
        let Some(q) = state.kept.try_update_value(|k| k.quote.take()).flatten() else { return };
        offer(None);
        let view = ViewState { time: Some((q.start, Some(q.end))), ..ViewState::default() };
        let link = state.share_link(&view);
        let who = q.who.as_deref().map(|w| format!(" — {w}")).unwrap_or_default();
        let (clock, title) = state.with_transcript(|t| (t.clock(q.start), t.title.clone()));
        state.copy(format!("“{}”{who}, {clock} ({title})\n{link}", q.text), "Quote copied with a link to it".into());
        state.range.set(Some((q.start, Some(q.end))));
        if let Some(id) = state.segment_at(q.start) {
            state.selected.set(Some(id));
        }
        if state.has_audio() {
            state.play_range(q.start, q.end);
        }
    };
    // `mousedown` would take the selection away before the click.
    view! {
        <div class="vb-slot" node_ref=slot on:mousedown=clicked(|e| e.prevent_default()) on:click=clicked(share)></div>
    }
}

/// Shows the button below the quote's selection, or hides it.
fn show_button(slot: &web_sys::Element, quote: Option<&Quote>) {
    let shown = dom::show_html(slot, quote.is_some().then_some(QUOTE_BUTTON_HTML));
    if let (Some(q), Some(button)) = (quote, shown.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())) {
        let _ = button.style().set_property("top", &format!("{}px", q.top));
        let _ = button.style().set_property("left", &format!("{}px", q.left));
    }
}

/// The reader's selection as a quote, if it lies in this widget's text.
fn selected_quote(state: WidgetState) -> Option<Quote> {
    let root = state.root.get_untracked()?;
    let selection = dom::selected_segments(&root)?;
    state.with_transcript(|t| {
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
    let slot = NodeRef::<html::Div>::new();
    watch(move || {
        let shown = quoted();
        if let Some(slot) = slot.get() {
            dom::show_html(&slot, shown.then_some(PLAY_QUOTED_HTML));
        }
    });
    view! { <div class="vb-slot" node_ref=slot on:click=clicked(play)></div> }
}
