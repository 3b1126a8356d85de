//! The JavaScript API for the host page: `element.verbatim` on each widget
//! element, with `search(query, {speakers})`, a `view` property to read or
//! set, and `seek(seconds)`; and the `verbatim:view` and `verbatim:segment`
//! events it dispatches. Values cross the boundary as plain objects through
//! `serde-wasm-bindgen`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::state::{clear, WidgetState};
use crate::search::Query;
use crate::transcript::Millis;
use crate::view_state::{ViewState, MAX_QUERY_BYTES, MAX_SPEAKERS};

/// One matching segment, as the API returns it (times in seconds).
#[derive(Serialize)]
struct ApiHit {
    segment: u32,
    start: f64,
    end: f64,
    speaker: Option<String>,
    text: String,
}

/// What `search` returns.
#[derive(Serialize)]
struct ApiResult {
    total: usize,
    hits: Vec<ApiHit>,
}

/// `search`'s options.
#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchOptions {
    speakers: Vec<String>,
}

/// The view as the API reads and writes it: `time` in seconds, or null.
#[derive(Serialize, Deserialize, Default)]
#[serde(default)]
struct ApiView {
    query: String,
    speakers: Vec<String>,
    time: Option<f64>,
}

fn seconds(ms: Millis) -> f64 {
    f64::from(ms) / 1000.0
}

fn millis(seconds: f64) -> Option<Millis> {
    (seconds.is_finite() && seconds >= 0.0 && seconds < f64::from(u32::MAX) / 1000.0)
        .then(|| (seconds * 1000.0).round() as Millis)
}

fn hit(state: WidgetState, id: u32) -> Option<ApiHit> {
    state.transcript.with_value(|t| {
        let s = t.segments.get(id as usize)?;
        Some(ApiHit {
            segment: id,
            start: seconds(s.start),
            end: seconds(s.end),
            speaker: t.speaker_of(s).map(|sp| sp.id.clone()),
            text: s.text.clone(),
        })
    })
}

/// JSON-like values: `null` for a missing value (not `undefined`).
fn to_js<T: Serialize>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

impl From<ViewState> for ApiView {
    fn from(view: ViewState) -> ApiView {
        ApiView { query: view.query, speakers: view.speakers, time: view.time.map(|(start, _)| seconds(start)) }
    }
}

/// Attaches `verbatim` to `element` and dispatches the events there.
pub fn attach(state: WidgetState, element: web_sys::Element) {
    let api = js_sys::Object::new();
    let search = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(move |query: JsValue, options: JsValue| {
        let text = query.as_string().unwrap_or_default();
        let options: SearchOptions = serde_wasm_bindgen::from_value(options).unwrap_or_default();
        let speakers: Vec<String> = options.speakers.into_iter().take(MAX_SPEAKERS).collect();
        // An empty query matches every segment of the speakers, as in the widget.
        let query = Query::parse(&text[..text.floor_char_boundary(MAX_QUERY_BYTES)]);
        let ids = state.searcher.with_value(|s| s.search(&query, &speakers).hits);
        to_js(&ApiResult { total: ids.len(), hits: ids.into_iter().filter_map(|id| hit(state, id)).collect() })
    });
    let seek = Closure::<dyn Fn(JsValue)>::new(move |at: JsValue| {
        if let Some(id) = at.as_f64().and_then(millis).and_then(|ms| state.segment_at(ms)) {
            clear(state.range);
            state.jump(id, true);
            state.play_from(state.start_of(id));
        }
    });
    let get_view = Closure::<dyn Fn() -> JsValue>::new(move || to_js(&ApiView::from(untrack(|| state.view()))));
    let set_view = Closure::<dyn Fn(JsValue)>::new(move |value: JsValue| {
        let Ok(view) = serde_wasm_bindgen::from_value::<ApiView>(value) else { return };
        let mut query = view.query;
        query.truncate(query.floor_char_boundary(MAX_QUERY_BYTES));
        let speakers = view.speakers.into_iter().take(MAX_SPEAKERS).collect();
        let time = view.time.and_then(millis).map(|start| (start, None));
        state.apply_view(ViewState { query, speakers, time });
    });
    let _ = js_sys::Reflect::set(&api, &"search".into(), search.as_ref());
    let _ = js_sys::Reflect::set(&api, &"seek".into(), seek.as_ref());
    let accessor = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&accessor, &"get".into(), get_view.as_ref());
    let _ = js_sys::Reflect::set(&accessor, &"set".into(), set_view.as_ref());
    let _ = js_sys::Reflect::set(&accessor, &"enumerable".into(), &JsValue::TRUE);
    js_sys::Object::define_property(&api, &"view".into(), &accessor);
    let _ = js_sys::Reflect::set(&element, &"verbatim".into(), &api);
    // The widget lives as long as the page: the functions are never dropped.
    search.forget();
    seek.forget();
    get_view.forget();
    set_view.forget();
    dispatch_changes(state, element);
}

/// `verbatim:view` when the view changes, `verbatim:segment` when the
/// current segment does, at `element`, bubbling out of shadow roots.
fn dispatch_changes(state: WidgetState, element: web_sys::Element) {
    let target = element.clone();
    Effect::new(move |previous: Option<ViewState>| {
        let view = state.view();
        if previous.as_ref().is_some_and(|p| p != &view) {
            dispatch(&target, "verbatim:view", &to_js(&ApiView::from(view.clone())));
        }
        view
    });
    Effect::new(move |previous: Option<Option<u32>>| {
        let now = state.current.get();
        if previous.is_some_and(|p| p != now) {
            let detail = now.and_then(|id| hit(state, id)).map_or(JsValue::NULL, |h| to_js(&h));
            dispatch(&element, "verbatim:segment", &detail);
        }
        now
    });
}

fn dispatch(target: &web_sys::Element, name: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(detail);
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(event.unchecked_ref());
    }
}
