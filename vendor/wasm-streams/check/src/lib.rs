//! Streams for check.mjs to read and write from JavaScript, one per adapter
//! the vendored change rewrote: a Rust `Stream` as a `ReadableStream`
//! (`from_stream`), an `AsyncRead` as a byte stream (`from_async_read`) and
//! a `Sink` as a `WritableStream` (`from_sink`). What Rust sees is written
//! to a log that the page reads back.

use std::cell::RefCell;

use futures_util::io::Cursor;
use futures_util::{stream, SinkExt, StreamExt};
use wasm_bindgen::prelude::*;
use wasm_streams::{readable, writable, ReadableStream, WritableStream};

thread_local! {
    static LOG: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn log(line: String) {
    LOG.with(|log| log.borrow_mut().push(line));
}

/// Logs when the value that owns it is dropped.
struct NoteDrop(&'static str);

impl Drop for NoteDrop {
    fn drop(&mut self) {
        log(format!("dropped {}", self.0));
    }
}

/// What Rust has seen since the last call.
#[wasm_bindgen]
pub fn take_log() -> Vec<String> {
    LOG.with(|log| log.take())
}

/// "one", "two", "three" from a Rust stream; its drop is logged.
#[wasm_bindgen]
pub fn words() -> readable::sys::ReadableStream {
    let note = NoteDrop("words");
    let words = stream::iter(["one", "two", "three"]).map(move |word| {
        let _owned = &note;
        Ok(JsValue::from_str(word))
    });
    ReadableStream::from_stream(words).into_raw()
}

/// `len` bytes (byte i is i mod 251) from an `AsyncRead`, as a byte stream
/// that allocates chunks of `chunk` bytes.
#[wasm_bindgen]
pub fn bytes(len: usize, chunk: usize) -> readable::sys::ReadableStream {
    let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    ReadableStream::from_async_read(Cursor::new(data), chunk).into_raw()
}

/// A stream whose writes reach a Rust channel; each string received, and
/// the channel's end, are logged.
#[wasm_bindgen]
pub fn collector() -> writable::sys::WritableStream {
    let (sender, mut receiver) = futures_channel::mpsc::unbounded::<JsValue>();
    wasm_bindgen_futures::spawn_local(async move {
        while let Some(chunk) = receiver.next().await {
            log(format!("received {}", chunk.as_string().unwrap_or_default()));
        }
        log("channel ended".to_string());
    });
    let sink = sender.sink_map_err(|error| JsValue::from_str(&error.to_string()));
    WritableStream::from_sink(sink).into_raw()
}
