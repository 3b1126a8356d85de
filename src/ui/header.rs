//! The episode's header: show, title, date, length, and its description.

use leptos::prelude::*;

use super::state::WidgetState;
use crate::present::html::header_html;

/// Show, title, date and length ("≈" and a note when times are estimated),
/// and the description behind a disclosure: static, so written as HTML
/// (`present::html`).
#[component]
pub fn EpisodeHeader(state: WidgetState) -> impl IntoView {
    view! { <header class="vb-header" inner_html=header_html(&state.episode())></header> }
}
