//! Fetching a step's catalogue files, all at once.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn describe(e: JsValue) -> String {
    e.as_string()
        .or_else(|| js_sys::Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "unknown error".into())
}

/// Fetches every URL in parallel; their bodies in the same order, or what
/// went wrong (an HTTP error names its URL).
pub async fn fetch_all(urls: &[String]) -> Result<Vec<Vec<u8>>, String> {
    let failed = |e: JsValue| format!("Could not load the show's catalogue: {}.", describe(e));
    let window = web_sys::window().ok_or("no window")?;
    let requests: js_sys::Array = urls.iter().map(|url| JsValue::from(window.fetch_with_str(url))).collect();
    let responses = JsFuture::from(js_sys::Promise::all(&requests)).await.map_err(failed)?;
    let bodies = js_sys::Array::new();
    for (response, url) in js_sys::Array::from(&responses).iter().zip(urls) {
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
    Ok(js_sys::Array::from(&buffers).iter().map(|b| js_sys::Uint8Array::new(&b).to_vec()).collect())
}
