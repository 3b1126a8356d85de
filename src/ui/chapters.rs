//! The chapter list: jump to a chapter's first segment.

use leptos::prelude::*;

use super::state::{clear, WidgetState};

/// Chapters behind a disclosure, when the episode has any.
#[component]
pub fn Chapters(state: WidgetState) -> impl IntoView {
    let t = state.episode();
    (!t.chapters.is_empty()).then(|| {
        let items = t
            .chapters
            .iter()
            .map(|chapter| {
                // An episode without segments has chapters to show but
                // nowhere to jump.
                let (start, target) = (chapter.start, state.segment_at(chapter.start));
                let go = move |_| {
                    if let Some(id) = target {
                        clear(state.range);
                        state.jump(id, true);
                        state.play_from(start);
                    }
                };
                view! {
                    <li>
                        <button type="button" class="vb-chapter" on:click=go>
                            <span class="vb-chapter-time">{t.clock(chapter.start)}</span>
                            <span>{chapter.title.clone()}</span>
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="vb-chapters">
                <summary>{format!("Chapters ({})", t.chapters.len())}</summary>
                <ol>{items}</ol>
            </details>
        }
    })
}
