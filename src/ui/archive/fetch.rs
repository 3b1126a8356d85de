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

/// Fetches every file (`(url, name)`: the name is what an error names) in
/// parallel; their bodies in the same order, inflated when stored as gzip
/// (as `verbatim archive` stores them), or what went wrong (an HTTP error
/// names its URL, damaged gzip its file).
pub async fn fetch_all(files: &[(String, String)]) -> Result<Vec<Vec<u8>>, String> {
    let failed = |e: JsValue| format!("Could not load the show's catalogue: {}.", describe(e));
    let window = web_sys::window().ok_or("no window")?;
    let requests: js_sys::Array = files.iter().map(|(url, _)| JsValue::from(window.fetch_with_str(url))).collect();
    let responses = JsFuture::from(js_sys::Promise::all(&requests)).await.map_err(failed)?;
    let bodies = js_sys::Array::new();
    for (response, (url, _)) in js_sys::Array::from(&responses).iter().zip(files) {
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
    let mut out = Vec::with_capacity(files.len());
    for (buffer, (_, name)) in js_sys::Array::from(&buffers).iter().zip(files) {
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        let damaged = |_| format!("{name}: {}.", FormatError::ChecksumMismatch.in_catalogue());
        out.push(inflated(bytes).await.map_err(damaged)?);
    }
    Ok(out)
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `DecompressionStream` (web-sys has it only among its
    /// unstable APIs): a readable/writable pair that inflates.
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// A fetched file's bytes in the catalogue's format: inflated by the
/// browser's `DecompressionStream` when gzip, as they are otherwise.
async fn inflated(mut bytes: Vec<u8>) -> Result<Vec<u8>, JsValue> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(bytes);
    }
    let inflate = DecompressionStream::new("gzip")?;
    let body = web_sys::Response::new_with_opt_u8_array(Some(&mut bytes))?.body().ok_or("no body")?;
    let inflated = web_sys::Response::new_with_opt_readable_stream(Some(&body.pipe_through(inflate.unchecked_ref())))?;
    let buffer = JsFuture::from(inflated.array_buffer()?).await?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
