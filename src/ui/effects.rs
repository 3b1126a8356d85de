//! Effects and event handlers through one closure type each. Leptos's
//! code is generic over the closures it is given: `Effect::new` spawns a
//! task of its function's own type, and `on:click` attaches a listener of
//! its handler's type, so each distinct closure brought its own copy of
//! that code. Every effect of the widget goes through the one boxed effect
//! here instead (1.4 KB of gzipped wasm less for the episode widget's
//! eleven), and every click and key handler through one boxed type.

use leptos::prelude::*;

/// Runs `f` now and again whenever a signal it read changes.
pub fn watch(f: impl FnMut() + 'static) {
    boxed(Box::new(f));
}

/// As [`watch`], handing `f` what it returned the time before (`None` on
/// its first run).
pub fn watch_changes<T: 'static>(mut f: impl FnMut(Option<T>) -> T + 'static) {
    let mut previous = None;
    watch(move || previous = Some(f(previous.take())));
}

#[inline(never)]
fn boxed(mut f: Box<dyn FnMut()>) {
    Effect::new(move |_| f());
}

/// A click handler as one boxed type, so that every `on:click` of the
/// widget shares one copy of the view layer's listener code (2.6 KB of
/// gzipped wasm less for the episode widget's sixteen).
pub fn clicked(f: impl FnMut(web_sys::MouseEvent) + 'static) -> Box<dyn FnMut(web_sys::MouseEvent)> {
    Box::new(f)
}

/// A key handler as one boxed type (see [`clicked`]).
pub fn pressed(f: impl FnMut(web_sys::KeyboardEvent) + 'static) -> Box<dyn FnMut(web_sys::KeyboardEvent)> {
    Box::new(f)
}
