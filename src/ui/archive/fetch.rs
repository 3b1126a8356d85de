//! Fetching a step's catalogue files, all at once, inflated.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::archive::format::GZIP_MAGIC;
use crate::index::FormatError;

fn describe(e: JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "unknown error".into())
}

/// Fetches every file (`(url, name, cache)`: the name is what an error
/// names; the cache mode, when given, how the browser's HTTP cache may
/// answer) in parallel; their bodies in the same order, inflated when
/// stored as gzip (as `verbatim archive` stores them), or what went wrong
/// (an HTTP error names its URL, damaged gzip its file).
pub async fn fetch_all(files: &[(String, String, Option<web_sys::RequestCache>)]) -> Result<Vec<Vec<u8>>, String> {
    let failed = |e: JsValue| format!("Could not load the show's catalogue: {}.", describe(e));
    let window = web_sys::window().ok_or("no window")?;
    let requests: js_sys::Array = files
        .iter()
        .map(|(url, _, cache)| {
            let init = web_sys::RequestInit::new();
            if let Some(cache) = cache {
                init.set_cache(*cache);
            }
            JsValue::from(window.fetch_with_str_and_init(url, &init))
        })
        .collect();
    let responses = JsFuture::from(js_sys::Promise::all(&requests)).await.map_err(failed)?;
    let bodies = js_sys::Array::new();
    for (response, (url, _, _)) in js_sys::Array::from(&responses).iter().zip(files) {
        let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response".to_string())?;
        if !response.ok() {
            return Err(format!(
                "Could not load the show's catalogue: {url} answered HTTP {} {}.",
                response.status(),
                response.status_text()
            ));
        }
        bodies.push(&response.array_buffer().map_err(failed)?.into());
    }
    let buffers = JsFuture::from(js_sys::Promise::all(&bodies)).await.map_err(failed)?;
    if !js_sys::Reflect::has(&js_sys::global(), &"DecompressionStream".into()).unwrap_or(false) {
        return Err("Could not load the show's catalogue: this browser cannot inflate its files (it has no DecompressionStream); a current browser can.".into());
    }
    // Inflated all at once, each failure named by its file (the stream
    // rejects damaged, cut or trailing gzip data).
    let inflating: js_sys::Array = js_sys::Array::from(&buffers).iter().map(|b| JsValue::from(inflated(&b))).collect();
    let settled = JsFuture::from(js_sys::Promise::all_settled(&inflating)).await.map_err(failed)?;
    js_sys::Array::from(&settled)
        .iter()
        .zip(files)
        .map(|(outcome, (_, name, _))| {
            let value = js_sys::Reflect::get(&outcome, &"value".into()).ok().filter(|v| !v.is_undefined());
            value
                .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
                .ok_or_else(|| format!("{name}: {}.", FormatError::ChecksumMismatch.in_catalogue()))
        })
        .collect()
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `DecompressionStream` (web-sys has it only among its
    /// unstable APIs): a readable/writable pair that inflates.
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// A fetched file's bytes (an `ArrayBuffer`) in the catalogue's format:
/// inflated by the browser's `DecompressionStream` when gzip, as they are
/// otherwise. A promise of an `ArrayBuffer`, rejected when the gzip is
/// damaged.
fn inflated(buffer: &JsValue) -> js_sys::Promise {
    let bytes = js_sys::Uint8Array::new(buffer);
    let gzip = bytes.length() >= 2 && bytes.get_index(0) == GZIP_MAGIC[0] && bytes.get_index(1) == GZIP_MAGIC[1];
    if !gzip {
        return js_sys::Promise::resolve(buffer);
    }
    let inflate = || -> Result<js_sys::Promise, JsValue> {
        let body = web_sys::Response::new_with_opt_buffer_source(Some(&bytes))?.body().ok_or("no body")?;
        let stream = body.pipe_through(DecompressionStream::new("gzip")?.unchecked_ref());
        web_sys::Response::new_with_opt_readable_stream(Some(&stream))?.array_buffer()
    };
    inflate().unwrap_or_else(|e| js_sys::Promise::reject(&e))
}
