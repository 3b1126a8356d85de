//! The JavaScript API for the host page: `element.verbatim` on each widget
//! element, with `search(query, {speakers})`, a `view` property to read or
//! set, and `seek(seconds)`; and the `verbatim:view` and `verbatim:segment`
//! events it dispatches. Values cross the boundary as plain objects, built
//! and read field by field with `Reflect` (serde and serde-wasm-bindgen
//! cost about 11 KB of gzipped wasm for these five shapes).

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::effects::watch_changes;
use super::state::{clear, WidgetState};
use crate::clock::parse_clock;
use crate::search::Query;
use crate::transcript::Millis;
use crate::view_state::{ViewState, MAX_QUERY_BYTES, MAX_SPEAKERS};

fn seconds(ms: Millis) -> f64 {
    f64::from(ms) / 1000.0
}

fn millis(seconds: f64) -> Option<Millis> {
    (seconds.is_finite() && seconds >= 0.0 && seconds < f64::from(u32::MAX) / 1000.0)
        .then(|| (seconds * 1000.0).round() as Millis)
}

/// A plain object with these fields, in this order.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}

/// An array of strings.
fn strings(items: &[String]) -> JsValue {
    items.iter().map(|s| JsValue::from_str(s)).collect::<js_sys::Array>().into()
}

/// One matching segment (times in seconds, `speaker` null when unknown).
fn hit(state: WidgetState, id: u32) -> Option<JsValue> {
    state.with_transcript(|t| {
        let s = t.segments.get(id as usize)?;
        Some(object(&[
            ("segment", id.into()),
            ("start", seconds(s.start).into()),
            ("end", seconds(s.end).into()),
            ("speaker", t.speaker_of(s).map_or(JsValue::NULL, |sp| sp.id.as_str().into())),
            ("text", s.text.as_str().into()),
        ]))
    })
}

/// The view as the API gives it: `time` in seconds, or null.
fn view_to_js(view: &ViewState) -> JsValue {
    object(&[
        ("query", view.query.as_str().into()),
        ("speakers", strings(&view.speakers)),
        ("time", view.time.map_or(JsValue::NULL, |(start, _)| seconds(start).into())),
    ])
}

/// A field of a plain object; `None` when it is missing or null.
fn field(value: &JsValue, key: &str) -> Option<JsValue> {
    if !value.is_object() {
        return None;
    }
    js_sys::Reflect::get(value, &key.into()).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// A field that must be an array of strings when it is there (at most
/// `MAX_SPEAKERS` are kept); `Err` when it is something else.
fn string_list(value: &JsValue, key: &str) -> Result<Vec<String>, ()> {
    let Some(list) = field(value, key) else { return Ok(Vec::new()) };
    let list = list.dyn_into::<js_sys::Array>().map_err(|_| ())?;
    list.iter().take(MAX_SPEAKERS).map(|item| item.as_string().ok_or(())).collect()
}

/// A view set by the host page: `{query, speakers, time}`, each optional;
/// `None` (the view is left as it is) when it is not an object or a field
/// has the wrong type.
fn view_from_js(value: &JsValue) -> Option<ViewState> {
    if !value.is_object() {
        return None;
    }
    let mut query = match field(value, "query") {
        Some(q) => q.as_string()?,
        None => String::new(),
    };
    query.truncate(query.floor_char_boundary(MAX_QUERY_BYTES));
    let speakers = string_list(value, "speakers").ok()?;
    let time = match field(value, "time") {
        Some(t) => millis(t.as_f64()?).map(|start| (start, None)),
        None => None,
    };
    Some(ViewState { query, speakers, time })
}

/// A query as JavaScript would write it: a number or any other value as
/// its string (`search(42)` looks for `42`), nothing for `null` and
/// `undefined`.
fn as_text(value: &JsValue) -> String {
    match value.as_string() {
        Some(text) => text,
        None if value.is_null() || value.is_undefined() => String::new(),
        None => value.unchecked_ref::<js_sys::Object>().to_string().into(),
    }
}

/// Attaches `verbatim` to `element` and dispatches the events there.
pub fn attach(state: WidgetState, element: web_sys::Element) {
    let api = js_sys::Object::new();
    let search = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(move |query: JsValue, options: JsValue| {
        let text = as_text(&query);
        let speakers = string_list(&options, "speakers").unwrap_or_default();
        // An empty query matches every segment of the speakers, as in the widget.
        let query = Query::parse(&text[..text.floor_char_boundary(MAX_QUERY_BYTES)]);
        let ids = state.searcher.with_value(|s| s.search(&query, &speakers).hits);
        let hits: js_sys::Array = ids.iter().filter_map(|&id| hit(state, id)).collect();
        object(&[("total", ids.len().into()), ("hits", hits.into())])
    });
    let seek = Closure::<dyn Fn(JsValue)>::new(move |at: JsValue| {
        // Seconds, as a number or as a clock (`"754"`, `"12:34"`), as `t=` takes them.
        let ms = at.as_f64().and_then(millis).or_else(|| at.as_string().as_deref().and_then(parse_clock));
        if let Some(id) = ms.and_then(|ms| state.segment_at(ms)) {
            clear(state.range);
            state.jump(id, true);
            state.play_from(state.start_of(id));
        }
    });
    let get_view = Closure::<dyn Fn() -> JsValue>::new(move || view_to_js(&untrack(|| state.view())));
    let set_view = Closure::<dyn Fn(JsValue)>::new(move |value: JsValue| {
        if let Some(view) = view_from_js(&value) {
            state.apply_view(view);
        }
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
    watch_changes(move |previous: Option<ViewState>| {
        let view = state.view();
        if previous.as_ref().is_some_and(|p| p != &view) {
            dispatch(&target, "verbatim:view", &view_to_js(&view));
        }
        view
    });
    watch_changes(move |previous: Option<Option<u32>>| {
        let now = state.current();
        if previous.is_some_and(|p| p != now) {
            let detail = now.and_then(|id| hit(state, id)).unwrap_or(JsValue::NULL);
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
