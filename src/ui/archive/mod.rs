//! The archive widget (wasm only): search a whole show from its catalogue.
//!
//! In: a `[data-verbatim-archive]` element whose `data-src` is the
//! catalogue folder's URL (relative to the page; `catalogue/` when absent;
//! the catalogue's file paths are relative to the folder holding it, the
//! site's root). Out: a search field, speaker filters and order over the
//! show, results grouped by episode whose snippets link into the episode
//! pages at the moment (`<slug>/#q=…&t=…`), and, before a query, the
//! newest episodes. What to fetch and show is decided by
//! [`crate::archive::client`], [`crate::archive::search`] and
//! [`crate::archive::present`] (tested natively); the components keep the
//! view in signals. A damaged or missing file shows a `[role="alert"]`
//! box, never a panic.

mod fetch;
mod results;
mod search_bar;
mod speakers;
mod state;
mod url_sync;

use leptos::prelude::*;

use super::effects::watch_changes;
use crate::archive::present::{parse_view, site_root};
use results::{ArchiveAlert, ArchiveResults};
use search_bar::{ArchiveCount, ArchiveSearchBar};
use speakers::ArchiveSpeakers;
use state::ArchiveState;
use url_sync::ArchiveUrlSync;

/// Mounts the archive widget in one element (`data-src`: the catalogue
/// folder; `data-url-prefix`: its keys' namespace in the URL fragment).
/// `mount` calls it for each `[data-verbatim-archive]` of a page; the embed
/// loader for each mount point it made in a shadow root.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount_archive(root: web_sys::HtmlElement) {
    let catalogue = root.get_attribute("data-src").unwrap_or_default();
    let prefix = root.get_attribute("data-url-prefix").unwrap_or_default();
    let base = leptos::prelude::document().base_uri().ok().flatten().unwrap_or_default();
    let root_url = web_sys::Url::new_with_base(&site_root(&catalogue), &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| site_root(&catalogue));
    root.set_inner_html("");
    leptos::mount::mount_to(root, move || view! { <Archive root_url=root_url prefix=prefix /> }).forget();
}

/// The archive: search bar and filters, then the results.
#[component]
fn Archive(root_url: String, prefix: String) -> impl IntoView {
    let initial = parse_view(&super::dom::fragment(), &prefix);
    let state = ArchiveState::new(root_url, prefix, &initial);
    watch_changes(move |previous: Option<String>| {
        let query = state.query.get();
        state.speakers.track();
        state.newest_first.track();
        state.pages.track();
        state.refresh(previous.is_some_and(|p| p != query));
        query
    });
    view! {
        <div class="vb-root vba-root">
            <div class="vb-sticky vba-bar">
                <ArchiveSearchBar state=state />
            </div>
            <ArchiveSpeakers state=state />
            <ArchiveCount state=state />
            <ArchiveAlert state=state />
            <ArchiveResults state=state />
            <ArchiveUrlSync state=state />
        </div>
    }
}
