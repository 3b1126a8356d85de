//! Copying by hand: when the browser refuses to copy (a cross-origin frame
//! without `allow="clipboard-write"`, a denied permission), the text is
//! shown selected in a field with how to copy it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use super::effects::{clicked, pressed, watch};
use super::state::WidgetState;
use crate::present::html::COPY_BOX_HTML;

/// The box (`[data-manual-copy]`, `present::html::COPY_BOX_HTML`), shown
/// while `manual_copy` holds text, with the text selected in its field,
/// ready for Ctrl+C.
#[component]
pub fn CopyBox(state: WidgetState) -> impl IntoView {
    let slot = NodeRef::<html::Div>::new();
    watch(move || {
        let text = state.manual_copy.get();
        let Some(slot) = slot.get() else { return };
        let shown = dom::show_html(&slot, text.is_some().then_some(COPY_BOX_HTML));
        let area = shown
            .and_then(|b| dom::find(&b, "textarea"))
            .and_then(|a| a.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
        if let (Some(text), Some(area)) = (text, area) {
            // The field's value, not its HTML: the text stays exactly as is.
            area.set_value(&text);
            request_animation_frame(move || dom::select_all(&area));
        }
    });
    let close = move |e: web_sys::MouseEvent| {
        if dom::closest_data(e.target(), "data-action").as_deref() == Some("done") {
            state.manual_copy.set(None);
        }
    };
    let on_key = move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" {
            state.manual_copy.set(None);
        }
    };
    view! { <div class="vb-slot" node_ref=slot on:click=clicked(close) on:keydown=pressed(on_key)></div> }
}
