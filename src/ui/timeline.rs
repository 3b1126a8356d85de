//! The timeline: the episode as a strip of speaker turns, a tick where
//! matches fall, and the current moment; a slider for the keyboard.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom::{self, Placed};
use super::effects::{clicked, pressed, watch};
use super::state::{clear, WidgetState};
use crate::present::html::{NOW_MARK_HTML, TIMELINE_HTML};
use crate::present::{percent, slider_target, tick_buckets, tick_runs, TICK_BUCKETS};

/// The strip (`[data-timeline]`, `role="slider"`): click to jump; arrows
/// step 30 s, Page keys 5 minutes, Home and End go to the ends.
#[component]
pub fn Timeline(state: WidgetState) -> impl IntoView {
    let t = state.episode();
    let total = t.duration().max(1);
    let whole = u64::from(total);
    let bands: Vec<Placed> = t
        .turns()
        .into_iter()
        .map(|turn| {
            let (start, end) = (t.segments[turn.first].start, t.segments[turn.last].end);
            let class = turn.speaker.map_or("vb-band".to_string(), |s| format!("vb-band vb-c{}", s % 6));
            (class, percent(start.into(), whole), percent(end.saturating_sub(start).into(), whole))
        })
        .collect();
    let strip = NodeRef::<html::Div>::new();
    let part = move |selector: &str| strip.get().and_then(|strip| dom::find(&strip, selector));
    // Written once the strip exists, and the ticks again for each search.
    watch(move || {
        if let Some(bands_strip) = part(".vb-bands") {
            dom::place_spans(&bands_strip, &bands);
        }
    });
    watch(move || {
        let Some(tick_strip) = part(".vb-ticks") else { return };
        let ticks: Vec<Placed> = state.answer.with(|a| {
            let buckets =
                if a.searching { state.with_transcript(|t| tick_buckets(t, &a.result.hits)) } else { Vec::new() };
            let whole = u64::from(TICK_BUCKETS);
            tick_runs(&buckets)
                .into_iter()
                .map(|run| ("vb-tick".into(), percent(run.first.into(), whole), percent(run.len.into(), whole)))
                .collect()
        });
        dom::place_spans(&tick_strip, &ticks);
    });
    let now_start = move || state.current().map(|id| state.start_of(id));
    // The current moment: its mark, and the slider's value for the keyboard.
    watch(move || {
        let at = now_start();
        let (Some(strip), Some(slot)) = (strip.get(), part(".vb-slot")) else { return };
        let mark =
            dom::show_html(&slot, at.map(|_| NOW_MARK_HTML)).and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok());
        if let (Some(at), Some(mark)) = (at, mark) {
            let _ = mark.style().set_property("left", &percent(at.into(), whole));
        }
        let at = at.unwrap_or(0);
        dom::set_attribute(&strip, "aria-valuenow", Some(&(at / 1000).to_string()));
        dom::set_attribute(&strip, "aria-valuetext", Some(&state.with_transcript(|t| t.clock(at))));
    });
    let on_click = move |e: web_sys::MouseEvent| {
        let Some(strip) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let rect = strip.get_bounding_client_rect();
        // max/min, not f64::clamp: its panic message pulls float formatting
        // (about 30 KB) into the wasm.
        #[allow(clippy::manual_clamp)]
        let fraction = ((f64::from(e.client_x()) - rect.left()) / rect.width()).max(0.0).min(1.0);
        if let Some(id) = state.segment_at((fraction * f64::from(total)) as u32) {
            state.jump_and_play(id, true);
        }
    };
    let on_key = move |e: web_sys::KeyboardEvent| {
        let Some(target) = slider_target(&e.key(), now_start().unwrap_or(0), total) else { return };
        e.prevent_default();
        if let Some(id) = state.segment_at(target) {
            clear(state.range);
            state.without_new_entry();
            state.jump(id, true);
        }
    };
    view! {
        <div
            class="vb-timeline"
            data-timeline=""
            role="slider"
            tabindex="0"
            aria-label="Episode timeline: speaker turns and matches; arrows move 30 seconds"
            aria-valuemin="0"
            aria-valuemax=total / 1000
            node_ref=strip
            inner_html=TIMELINE_HTML
            on:click=clicked(on_click)
            on:keydown=pressed(on_key)
            title="Where the episode goes; matches are marked. Click to jump."
        ></div>
    }
}
