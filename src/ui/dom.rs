//! Small browser helpers the components share: fetching, clipboard,
//! downloads, scrolling and the URL fragment.

use wasm_bindgen::{JsCast, JsValue};

use crate::view_state::{to_fragment, ViewState};
use wasm_bindgen_futures::JsFuture;

fn describe(e: JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "unknown error".into())
}

/// Fetches a URL's bytes; an HTTP error status is an error.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| {
        // A file on another site that does not allow this page to read it
        // fails as the network would: say the likelier cause.
        let other_site = web_sys::Url::new(url).ok().zip(window.location().origin().ok()).is_some_and(|(u, here)| u.origin() != here);
        if other_site {
            format!(
                "{}; the server it is on must allow other sites to load it (an `Access-Control-Allow-Origin` header), or the file must be on this site",
                describe(e)
            )
        } else {
            describe(e)
        }
    })?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {} {}", response.status(), response.status_text()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?).await.map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Copies text to the clipboard and says whether the browser did: the
/// async API first, then a selected hidden field and `copy` (older
/// browsers, some frames). Both are refused in places a page cannot
/// change (a cross-origin frame without `allow="clipboard-write"`, a
/// denied permission), so the caller must not claim success on its own.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let navigator = window.navigator();
    let refused = if js_sys::Reflect::has(&navigator, &"clipboard".into()).unwrap_or(false) {
        match JsFuture::from(navigator.clipboard().write_text(text)).await {
            Ok(_) => return Ok(()),
            Err(e) => describe(e),
        }
    } else {
        "no clipboard API".to_string()
    };
    if copy_with_command(&window, text) {
        Ok(())
    } else {
        Err(refused)
    }
}

/// The older way: select the text in a hidden field and run `copy`.
fn copy_with_command(window: &web_sys::Window, text: &str) -> bool {
    let Some(document) = window.document() else { return false };
    let Ok(area) = document.create_element("textarea") else { return false };
    let area: web_sys::HtmlTextAreaElement = area.unchecked_into();
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let _ = area.style().set_property("position", "fixed");
    let _ = area.style().set_property("opacity", "0");
    let _ = document.body().map(|b| b.append_child(&area));
    area.select();
    let copied = js_sys::Reflect::get(&document, &"execCommand".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&document, &"copy".into()).ok())
        .is_some_and(|done| done.is_truthy());
    area.remove();
    copied
}

/// Selects all the text of a field and focuses it, for copying by hand.
pub fn select_all(area: &web_sys::HtmlTextAreaElement) {
    let _ = area.focus();
    area.select();
}

/// Offers text as a file download.
pub fn download_text(filename: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    if let Ok(a) = document.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(filename);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The viewport's height in CSS pixels.
pub fn window_height() -> f64 {
    web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(800.0)
}

/// Whether the widget whose root is `root` is the one a page-wide key
/// (`/`) is for: of the page's `[data-verbatim]` elements, the first on
/// screen, or the first of all when none is. A widget in a shadow root is
/// known by the root's host.
pub fn is_the_pages_widget_for_keys(root: &web_sys::Element) -> bool {
    let host = match root.get_root_node().dyn_into::<web_sys::ShadowRoot>() {
        Ok(shadow) => shadow.host(),
        Err(_) => match root.closest("[data-verbatim]") {
            Ok(Some(host)) => host,
            _ => return true,
        },
    };
    let Some(all) =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector_all("[data-verbatim]").ok())
    else {
        return true;
    };
    let height = window_height();
    let hosts: Vec<web_sys::Element> = (0..all.length()).filter_map(|i| all.item(i)?.dyn_into().ok()).collect();
    let on_screen = hosts.iter().find(|h| {
        let rect = h.get_bounding_client_rect();
        rect.bottom() > 0.0 && rect.top() < height
    });
    on_screen.or(hosts.first()).is_none_or(|chosen| chosen == &host)
}

/// The length of the page's text selection (0 when there is none).
pub fn selection_len() -> u32 {
    web_sys::window().and_then(|w| w.get_selection().ok().flatten()).map_or(0, |s| s.to_string().length())
}

/// Whether the reader has selected text on the page (without reading it:
/// no layout).
pub fn has_selection() -> bool {
    web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed())
}

/// Scrolls `element` to the middle of the view unless it is in view
/// already, instantly (as find-in-page does while typing).
pub fn scroll_into_view_if_needed(element: &web_sys::Element) {
    let rect = element.get_bounding_client_rect();
    if rect.top() < 0.0 || rect.bottom() > window_height() {
        scroll_once(element, web_sys::ScrollBehavior::Instant);
        reaim(element.clone(), 2);
    }
}

/// The segment id of the first rendered row of `list` whose bottom is in
/// the viewport: a binary search over the rows (they are in time order),
/// so a keystroke reads a handful of positions, not hundreds.
pub fn first_row_on_screen(list: &web_sys::Element) -> Option<u32> {
    let rows = list.children();
    let (mut lo, mut hi) = (0, rows.length());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let bottom = rows.item(mid)?.get_bounding_client_rect().bottom();
        if bottom < 0.0 {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    rows.item(lo)?.get_attribute("data-segment")?.parse().ok()
}

/// Whether the reader asked for less motion.
pub fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Scrolls an element to the middle of the view: smoothly when it is
/// within a screen (and the reader allows motion), else instantly. Rows off
/// screen are laid out with an estimated height (`content-visibility`), so
/// a far jump lands, lets the rows around it take their real size, and
/// aims again, over a few frames.
pub fn scroll_to(element: &web_sys::Element) {
    let height = window_height();
    let distance = element.get_bounding_client_rect().top().abs();
    if !reduced_motion() && distance < height {
        scroll_once(element, web_sys::ScrollBehavior::Smooth);
        return;
    }
    scroll_once(element, web_sys::ScrollBehavior::Instant);
    reaim(element.clone(), 3);
}

/// Scrolls whatever scrolls `element` (the nearest scrolling ancestor,
/// across shadow roots, else the page) by `dy` pixels: to keep a row where
/// the reader sees it when rows are added above it.
pub fn scroll_by(element: &web_sys::Element, dy: f64) {
    let Some(window) = web_sys::window() else { return };
    let mut node = parent_across_shadow(element);
    while let Some(el) = node {
        let scrolls = window
            .get_computed_style(&el)
            .ok()
            .flatten()
            .and_then(|style| style.get_property_value("overflow-y").ok())
            .is_some_and(|o| o == "auto" || o == "scroll");
        if scrolls && el.scroll_height() > el.client_height() {
            el.scroll_by_with_x_and_y(0.0, dy);
            return;
        }
        node = parent_across_shadow(&el);
    }
    window.scroll_by_with_x_and_y(0.0, dy);
}

fn parent_across_shadow(element: &web_sys::Element) -> Option<web_sys::Element> {
    element
        .parent_element()
        .or_else(|| element.get_root_node().dyn_into::<web_sys::ShadowRoot>().ok().map(|s| s.host()))
}

fn scroll_once(element: &web_sys::Element, behavior: web_sys::ScrollBehavior) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    options.set_behavior(behavior);
    element.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Runs `f` once the next frame is painted (a task queued from that
/// frame's animation callbacks), so work that can wait does not delay it.
pub fn after_paint(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || leptos::prelude::set_timeout(f, std::time::Duration::ZERO));
}

/// Runs `f` when the page is idle (`requestIdleCallback`, within 100 ms
/// even when it never is), else once the next frame is painted: for work
/// the reader does not see, so it never delays what they do.
pub fn when_idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    match idle {
        Some(idle) => {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"timeout".into(), &JsValue::from(100));
            let _ = idle.call2(&window, &wasm_bindgen::closure::Closure::once_into_js(f), &options);
        }
        None => after_paint(f),
    }
}

/// Aims at `element`'s segment again on each of the next `frames` frames.
/// Found again each time by its `data-segment` in its list: a change of
/// window may have written the rows again.
fn reaim(element: web_sys::Element, frames: u32) {
    if frames == 0 {
        return;
    }
    let id = element.get_attribute("data-segment");
    let list = element.parent_element();
    leptos::prelude::request_animation_frame(move || {
        let again = match (&list, &id) {
            (Some(list), Some(id)) => list.query_selector(&format!(":scope > [data-segment=\"{id}\"]")).ok().flatten(),
            _ => Some(element),
        };
        if let Some(row) = again {
            scroll_once(&row, web_sys::ScrollBehavior::Instant);
            reaim(row, frames - 1);
        }
    });
}

/// Starts playback, ignoring a refusal (no playable source, offline,
/// autoplay blocked): the reader can press play themselves.
pub fn play(audio: &web_sys::HtmlAudioElement) {
    if let Ok(promise) = audio.play() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

/// The current fragment, without `#`.
pub fn fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default().trim_start_matches('#').to_string()
}

/// The URL shared links point at, without fragment: inside an iframe
/// whose host page has the frame loader, the host page's (sent by it as
/// `window.verbatimShareBase`); else this page's canonical URL (`<link
/// rel="canonical">` on this origin), else its origin and path. The query
/// string (newsletter tracking and referral parameters) is left out unless
/// the publisher asked to keep it (`keep_query`, from `data-share-query`).
pub fn page_url(keep_query: bool) -> String {
    if let Some(base) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"verbatimShareBase".into()).ok())
        .and_then(|v| v.as_string())
        .filter(|b| b.starts_with("https://") || b.starts_with("http://") || b.starts_with("file://"))
    {
        return base.split('#').next().unwrap_or_default().to_string();
    }
    if let Some(canonical) = canonical_url() {
        return canonical;
    }
    let own = own_page_url();
    if keep_query {
        own
    } else {
        own.split('?').next().unwrap_or_default().to_string()
    }
}

/// The page's `<link rel="canonical">`, when it names a page on this
/// origin (a canonical elsewhere could send readers off the post).
fn canonical_url() -> Option<String> {
    let window = web_sys::window()?;
    let link = window.document()?.query_selector("link[rel~=\"canonical\"][href]").ok()??;
    let here = window.location().href().ok()?;
    let url = web_sys::Url::new_with_base(&link.get_attribute("href")?, &here).ok()?;
    let origin = window.location().origin().ok()?;
    (url.origin() == origin && origin != "null").then(|| {
        url.set_hash("");
        url.href()
    })
}

/// A link that opens `view` in this widget (`prefix`: its URL namespace;
/// `keep_query`: see [`page_url`]). Inside an iframe embed, the link is to
/// the host page, with the keys namespaced as the host's frame loader
/// asked (`verbatimSharePrefix`).
pub fn share_link(view: &ViewState, prefix: &str, keep_query: bool) -> String {
    let host_prefix = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"verbatimSharePrefix".into()).ok())
        .and_then(|v| v.as_string())
        .filter(|p| p.len() <= 16 && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or_default();
    let fragment = to_fragment(view, &format!("{host_prefix}{prefix}"));
    if fragment.is_empty() {
        page_url(keep_query)
    } else {
        format!("{}#{fragment}", page_url(keep_query))
    }
}

/// This document's URL without its fragment.
fn own_page_url() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_string()
}

/// Sets the fragment: a new history entry when `push`, else in place (so
/// typing does not flood the history). The host page's `history.state` is
/// kept on the entry (a host app may keep its own state there).
pub fn set_fragment(fragment: &str, push: bool) {
    let Some(window) = web_sys::window() else { return };
    if self::fragment() == fragment {
        return;
    }
    let url = if fragment.is_empty() { own_page_url() } else { format!("#{fragment}") };
    let Ok(history) = window.history() else { return };
    let kept = history.state().unwrap_or(JsValue::NULL);
    let _ = if push {
        history.push_state_with_url(&kept, "", Some(&url))
    } else {
        history.replace_state_with_url(&kept, "", Some(&url))
    };
}

/// The number of entries in the session history.
pub fn history_len() -> u32 {
    web_sys::window().and_then(|w| w.history().ok()).and_then(|h| h.length().ok()).unwrap_or(0)
}

/// A text selection across transcript segments.
pub struct SelectedSegments {
    /// The first segment id it touches.
    pub first: u32,
    /// The last segment id it touches.
    pub last: u32,
    /// The selected text, whitespace collapsed.
    pub text: String,
    /// Where to place a button below it (viewport pixels).
    pub top: i32,
    /// Its left edge (viewport pixels).
    pub left: i32,
}

/// The reader's text selection inside `root`, if it lies in transcript
/// segments.
pub fn selected_segments(root: &web_sys::Element) -> Option<SelectedSegments> {
    // Inside a shadow root (the script embed), the document's selection
    // reports the host's ancestors; the shadow root's own has the nodes.
    let scope = root.get_root_node();
    let own = js_sys::Reflect::get(&scope, &"getSelection".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .filter(|_| scope.dyn_ref::<web_sys::Document>().is_none())
        .and_then(|f| f.call0(&scope).ok())
        .and_then(|s| s.dyn_into::<web_sys::Selection>().ok());
    let selection = match own {
        Some(selection) => selection,
        None => web_sys::window()?.get_selection().ok()??,
    };
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let segment_of = |node: Option<web_sys::Node>| -> Option<u32> {
        let node = node?;
        let element = match node.dyn_ref::<web_sys::Element>() {
            Some(e) => e.clone(),
            None => node.parent_element()?,
        };
        let segment = element.closest("[data-segment]").ok()??;
        if !root.contains(Some(&segment)) || element.closest(".vb-text").ok()?.is_none() {
            return None;
        }
        segment.get_attribute("data-segment")?.parse().ok()
    };
    let (a, b) = (segment_of(selection.anchor_node())?, segment_of(selection.focus_node())?);
    let text: String = String::from(selection.to_string()).split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    // Below the selection, kept inside the viewport.
    let rect = selection.get_range_at(0).ok()?.get_bounding_client_rect();
    let window = web_sys::window()?;
    let height = window.inner_height().ok()?.as_f64().unwrap_or(800.0);
    let width = window.inner_width().ok()?.as_f64().unwrap_or(1280.0);
    // max/min, not f64::clamp, whose panic message would pull float
    // formatting (about 30 KB) into the wasm.
    #[allow(clippy::manual_clamp)]
    let top = (rect.bottom() + 6.0).min(height - 48.0).max(8.0);
    #[allow(clippy::manual_clamp)]
    let left = rect.left().min(width - 140.0).max(8.0);
    Some(SelectedSegments { first: a.min(b), last: a.max(b), text, top: top as i32, left: left as i32 })
}

/// Whether the focus is in a text field (through shadow roots), where
/// selections are the reader's typing, not a quote.
pub fn focus_in_text_field() -> bool {
    let mut focused = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    while let Some(element) = focused {
        match element.shadow_root() {
            Some(shadow) => focused = shadow.active_element(),
            None => return matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA"),
        }
    }
    false
}

/// An `IntersectionObserver` against the top-level viewport (so it sees
/// through scrolling ancestors and iframes) with `margin` around it, that
/// calls `f` with each observed element that comes within it.
pub fn observe_near_screen(
    margin: &str,
    f: impl Fn(&web_sys::Element, &web_sys::IntersectionObserver) + 'static,
) -> Option<web_sys::IntersectionObserver> {
    let callback = wasm_bindgen::closure::Closure::<dyn Fn(js_sys::Array, web_sys::IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            for entry in entries.iter() {
                let entry: web_sys::IntersectionObserverEntry = entry.unchecked_into();
                if entry.is_intersecting() {
                    f(&entry.target(), &observer);
                }
            }
        },
    );
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin(margin);
    let observer = web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options).ok()?;
    // The list lives as long as the page: the observer is never dropped.
    callback.forget();
    Some(observer)
}

/// Calls `f` on every `event` at the document, for the page's lifetime.
pub fn on_document(event: &str, f: impl Fn() + 'static) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        listen(&document, event, Box::new(move |_| f()));
    }
}

/// Calls `f` on every `event` at the window, for the page's lifetime.
pub fn on_window(event: &str, f: impl FnMut(web_sys::Event) + 'static) {
    if let Some(window) = web_sys::window() {
        listen(&window, event, Box::new(f));
    }
}

/// Calls `f` on every `event` at `target`, for the page's lifetime (for
/// events that do not bubble, such as an audio element's).
pub fn on(target: &web_sys::EventTarget, event: &str, f: impl FnMut(web_sys::Event) + 'static) {
    listen(target, event, Box::new(f));
}

/// One listener type for all (Leptos's `window_event_listener` brings its
/// own code for each event and closure type).
fn listen(target: &web_sys::EventTarget, event: &str, f: Box<dyn FnMut(web_sys::Event)>) {
    let closure = wasm_bindgen::closure::Closure::wrap(f);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // The widget lives as long as the page: the listener is never removed.
    closure.forget();
}

/// The element an event started at, even from inside a shadow root (where
/// `target` is retargeted to the host element).
pub fn event_origin(event: &web_sys::Event) -> Option<web_sys::EventTarget> {
    event.composed_path().get(0).dyn_into::<web_sys::EventTarget>().ok().or_else(|| event.target())
}

/// A span to place on a strip: its class, and its `left` and `width`.
pub type Placed = (String, String, String);

/// Makes `strip`'s children one `span` per entry of `spans`, placed with
/// `left` and `width` through the style object (which a strict
/// Content-Security-Policy allows, unlike `style` attributes).
pub fn place_spans(strip: &web_sys::Element, spans: &[Placed]) {
    strip.set_text_content(None);
    let document = leptos::prelude::document();
    for (class, left, width) in spans {
        let Ok(span) = document.create_element("span") else { return };
        span.set_class_name(class);
        if let Some(span) = span.dyn_ref::<web_sys::HtmlElement>() {
            let style = span.style();
            let _ = style.set_property("left", left);
            let _ = style.set_property("width", width);
        }
        let _ = strip.append_child(&span);
    }
}

/// The value of attribute `name` on the event's target or the nearest
/// element around it that has one (what a delegated click was on).
pub fn closest_data(target: Option<web_sys::EventTarget>, name: &str) -> Option<String> {
    let element = target?.dyn_into::<web_sys::Element>().ok()?;
    element.closest(&format!("[{name}]")).ok().flatten()?.get_attribute(name)
}

/// The first element under `root` that `selector` picks.
pub fn find(root: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
    root.query_selector(selector).ok().flatten()
}

/// Sets an element's text, unless it already says that.
pub fn set_text(element: &web_sys::Element, text: &str) {
    if element.text_content().as_deref() != Some(text) {
        element.set_text_content(Some(text));
    }
}

/// Sets attribute `name` to `value`, or removes it for `None`, unless it
/// already is so.
pub fn set_attribute(element: &web_sys::Element, name: &str, value: Option<&str>) {
    if element.get_attribute(name).as_deref() == value {
        return;
    }
    let _ = match value {
        Some(value) => element.set_attribute(name, value),
        None => element.remove_attribute(name),
    };
}

/// Shows `html` in `slot` (an element kept empty while there is nothing to
/// show), written once when it appears; `None` empties it. Returns the
/// shown element, for what HTML cannot say (a position, a field's value).
pub fn show_html(slot: &web_sys::Element, html: Option<&str>) -> Option<web_sys::Element> {
    let Some(html) = html else {
        if slot.child_element_count() > 0 {
            slot.set_inner_html("");
        }
        return None;
    };
    if slot.child_element_count() == 0 {
        slot.set_inner_html(html);
    }
    slot.first_element_child()
}
