//! Effects through one closure type. `Effect::new` is generic over its
//! function and spawns a task of that function's own type, so each
//! distinct effect brought its own copy of that code; every effect of the
//! widget goes through the one boxed effect here instead (1.4 KB of
//! gzipped wasm less for the episode widget's eleven).

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
