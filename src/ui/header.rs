//! The episode's header: show, title, date, length, and its description.

use leptos::prelude::*;

use super::state::WidgetState;
use crate::transcript::Timing;

/// Show, title, date and length ("≈" and a note when times are estimated),
/// and the description behind a disclosure.
#[component]
pub fn EpisodeHeader(state: WidgetState) -> impl IntoView {
    let t = state.episode();
    let estimated = (t.timing == Timing::Estimated).then(|| {
        view! {
            <span class="vb-estimated" title="The transcript has no timestamps; times are estimated from its length.">
                " · times estimated"
            </span>
        }
    });
    let description = (!t.description.is_empty()).then(|| {
        view! {
            <details class="vb-description">
                <summary>"About this episode"</summary>
                <p>{t.description.clone()}</p>
            </details>
        }
    });
    view! {
        <header class="vb-header">
            <p class="vb-show">{t.show.clone()}</p>
            <h2 class="vb-title">{t.title.clone()}</h2>
            <p class="vb-meta">{t.date.clone()} " · " {t.clock(t.duration())} {estimated}</p>
            {description}
        </header>
    }
}
