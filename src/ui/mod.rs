//! The widget (wasm only): Leptos components over the pure modules.
//!
//! In: the page's `[data-verbatim]` elements and an index for each: bytes
//! a loader put on the element (`element.verbatimIndex`, how the offline
//! bundle passes its inline index) or `data-src` (fetched; the demo page
//! fetches the demo's, so one wasm serves every page). Out: a mounted,
//! interactive transcript. Components keep only UI state (signals); every
//! decision about text, times and matches is made by `search`,
//! `view_state` and `transcript`, which `cargo test` covers natively. Bad
//! data never panics: it shows a `[role="alert"]` box.
//!
//! Most markup is written as HTML text by `present::html` (escaped and
//! unit-tested natively) and parsed by the browser in one call; effects
//! (`effects::watch`) set what changes on it (`dom::set_text`,
//! `dom::set_attribute`, `dom::show_html` for parts shown only at times),
//! and one delegated handler per part reads `data-action`. Each distinct
//! view type, signal value type and closure type costs the wasm its own
//! copy of Leptos's generic code, so the views left are a few containers
//! (BENCHMARKS.md has the bytes each step saved).

mod actions;
mod api;
#[cfg(feature = "archive-widget")]
mod archive;
mod chapters;
mod copy_box;
mod dom;
mod effects;
mod header;
mod player;
mod quote;
mod row;
mod search_bar;
mod shortcuts;
mod speakers;
mod state;
mod timeline;
mod transcript_list;
mod url_sync;
mod widget;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What an element that names no index shows.
const NO_INDEX: &str = "No transcript index was given to this widget (expected data-src or an inline index).";

/// Index bytes a loader script attached to the element, if any.
fn attached_index(root: &web_sys::HtmlElement) -> Option<Vec<u8>> {
    let value = js_sys::Reflect::get(root, &"verbatimIndex".into()).ok()?;
    value.dyn_into::<js_sys::Uint8Array>().ok().map(|bytes| bytes.to_vec())
}

/// Mounts a widget in every `[data-verbatim]` element of the page, and (in
/// a build with the `archive-widget` feature) the archive widget in every
/// `[data-verbatim-archive]` element, unless
/// an embed loader takes charge (`window.verbatimManualMount`): it mounts
/// widgets inside shadow roots, which a document query cannot see.
pub fn mount() {
    // A panic's message in the console. Debug builds only: the release wasm
    // traps at once on a panic (`scripts/wasm-env.sh`), so the hook would
    // never run there, yet its formatting code cost 0.8 KB gzipped.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let manual = js_sys::Reflect::get(&window(), &"verbatimManualMount".into()).is_ok_and(|v| v.is_truthy());
    if manual {
        return;
    }
    let Ok(roots) = document().query_selector_all("[data-verbatim]") else { return };
    for i in 0..roots.length() {
        if let Some(root) = roots.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            mount_element(root);
        }
    }
    mount_archives();
}

/// Mounts the archive widget in every `[data-verbatim-archive]` element.
#[cfg(feature = "archive-widget")]
fn mount_archives() {
    let Ok(archives) = document().query_selector_all("[data-verbatim-archive]") else { return };
    for i in 0..archives.length() {
        if let Some(root) = archives.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
            archive::mount_archive(root);
        }
    }
}

/// Without the archive widget, an archive element says so (as the embed
/// loader does) instead of staying empty. Fixed markup, no view: a view
/// type of its own would cost this build about 2 KB.
#[cfg(not(feature = "archive-widget"))]
fn mount_archives() {
    const NO_ARCHIVE: &str = r#"<div class="vb-root"><div class="vb-alert" role="alert"><strong>Archive unavailable. </strong>This build of the widget has no archive search: publish the show with <code>verbatim archive</code>.</div></div>"#;
    let Ok(archives) = document().query_selector_all("[data-verbatim-archive]") else { return };
    for i in 0..archives.length() {
        if let Some(root) = archives.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
            root.set_inner_html(NO_ARCHIVE);
        }
    }
}

/// Mounts a widget in one element, reading its index from the bytes a
/// loader attached (`verbatimIndex`), `data-src`, or the embedded demo;
/// `data-url-prefix` namespaces its keys in the URL fragment, and
/// `data-share-query` keeps the page's query string in shared links. The embed
/// loader calls this for each mount point it made in a shadow root.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount_element(root: web_sys::HtmlElement) {
    let prefix = root.get_attribute("data-url-prefix").unwrap_or_default();
    if let Some(bytes) = attached_index(&root) {
        mount_widget(root, Ok(bytes), prefix);
        return;
    }
    match root.get_attribute("data-src") {
        Some(url) => wasm_bindgen_futures::spawn_local(async move {
            let bytes =
                dom::fetch_bytes(&url).await.map_err(|e| format!("Could not load the transcript index ({url}): {e}"));
            mount_widget(root, bytes, prefix);
        }),
        None => mount_widget(root, Err(NO_INDEX.into()), prefix),
    }
}

fn mount_widget(root: web_sys::HtmlElement, bytes: Result<Vec<u8>, String>, prefix: String) {
    let keep_query = root.has_attribute("data-share-query");
    root.set_inner_html("");
    widget::mount(root, bytes, prefix, keep_query);
}
