//! The speaker filters: one toggle per speaker, with colour and talk time.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use super::effects::{clicked, watch};
use super::state::WidgetState;
use crate::present::html::speakers_html;
use crate::present::{percent, talk_shares};

/// A row of toggles, one per speaker (`button[data-speaker-filter]`,
/// `present::html::speakers_html`), pressed while the list shows them.
#[component]
pub fn SpeakerFilters(state: WidgetState) -> impl IntoView {
    let t = state.episode();
    let shares = talk_shares(&t);
    let html = speakers_html(&t, &shares);
    // The row, once written (found from the root: a `NodeRef` of its own
    // element type would bring its own code).
    let row = move || state.root.get().and_then(|root| dom::find(&root, ".vb-speakers"));
    // The share bars' widths, once the toggles exist.
    watch(move || {
        let Some(row) = row() else { return };
        let bars = row.query_selector_all(".vb-share-bar span").ok();
        for (i, share) in shares.iter().enumerate() {
            let bar =
                bars.as_ref().and_then(|b| b.item(i as u32)).and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(bar) = bar {
                let _ = bar.style().set_property("width", &percent(*share, 100));
            }
        }
    });
    watch(move || {
        let chosen = state.speakers.get();
        let Some(row) = row() else { return };
        let buttons = row.children();
        for i in 0..buttons.length() {
            let Some(button) = buttons.item(i) else { continue };
            let pressed = button.get_attribute("data-speaker-filter").is_some_and(|id| chosen.contains(&id));
            dom::set_attribute(&button, "aria-pressed", Some(if pressed { "true" } else { "false" }));
        }
    });
    let toggle = move |e: web_sys::MouseEvent| {
        let Some(id) = dom::closest_data(e.target(), "data-speaker-filter") else { return };
        state.speakers.update(|chosen| match chosen.iter().position(|x| x == &id) {
            Some(at) => {
                chosen.remove(at);
            }
            None => chosen.push(id),
        });
        state.keep_selection_listed();
    };
    view! {
        <section
            class="vb-speakers"
            aria-label="Speakers: filter by who is talking"
            inner_html=html
            on:click=clicked(toggle)
        ></section>
    }
}
