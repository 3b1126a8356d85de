//! Copying by hand: when the browser refuses to copy (a cross-origin frame
//! without `allow="clipboard-write"`, a denied permission), the text is
//! shown selected in a field with how to copy it.

use leptos::html;
use leptos::prelude::*;

use super::dom;
use super::effects::{clicked, pressed, watch};
use super::state::WidgetState;

/// The box (`[data-manual-copy]`), shown while `manual_copy` holds text.
#[component]
pub fn CopyBox(state: WidgetState) -> impl IntoView {
    let area = NodeRef::<html::Textarea>::new();
    // Select the text as soon as it is shown, ready for Ctrl+C.
    watch(move || {
        if state.manual_copy.with(Option::is_some) {
            request_animation_frame(move || {
                if let Some(area) = area.get_untracked() {
                    dom::select_all(&area);
                }
            });
        }
    });
    let close = move |_| state.manual_copy.set(None);
    let on_key = move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" {
            state.manual_copy.set(None);
        }
    };
    move || {
        state.manual_copy.get().map(|text| {
            view! {
                <div class="vb-copy-box" data-manual-copy="" role="group" aria-label="Copy by hand">
                    <p>
                        "This page does not let the transcript copy for you. The text is selected below: press "
                        <kbd>"Ctrl+C"</kbd> " (" <kbd>"⌘C"</kbd> " on a Mac) to copy it."
                    </p>
                    <textarea node_ref=area readonly rows="3" aria-label="The text to copy" on:keydown=pressed(on_key)>
                        {text}
                    </textarea>
                    <button type="button" class="vb-button" on:click=clicked(close)>
                        "Done"
                    </button>
                </div>
            }
        })
    }
}
