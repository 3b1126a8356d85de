//! One segment of the transcript list (`li[data-segment][data-start]
//! [data-speaker]`): speaker label at a turn, time, text with its marks,
//! and a link to the moment.
//!
//! Rows are written as HTML (`present::html`) from the widget's state and
//! parsed by the browser a window at a time; what changes later is
//! repainted in place, row by row: the text of a row whose marks or spoken
//! word change, `aria-current` of the rows it leaves and enters, the class
//! of rows entering or leaving a quoted range. Clicks reach the list, which
//! asks [`clicked`] what was clicked. (Built one element at a time through
//! the view layer, with three listeners and three reactive closures a row,
//! a few hundred rows were most of the time to a usable widget and 20 KB
//! of its wasm: BENCHMARKS.md.)

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use super::state::{Answer, Kept, TimeRange, WidgetState};
use crate::present::html::{self, RowLook};
use crate::present::{in_range, opens_turn, text_parts, SpokenWord, TextParts};

/// The rows of `list[lo..hi]`, as HTML. (The state is read once, not per
/// row: a few hundred rows are written while the reader waits.)
pub fn rows_html(state: WidgetState, list: &[u32], lo: usize, hi: usize) -> String {
    let t = state.episode();
    let marks = Marks::now(state);
    let (range, current) = (state.range.get_untracked(), state.current_untracked());
    let mut out = String::with_capacity((hi - lo) * 400);
    for position in lo..hi {
        let id = list[position];
        let Some(segment) = t.segments.get(id as usize) else { continue };
        let spans = marks.spans(id, &segment.text);
        let look = RowLook {
            opens_turn: opens_turn(&t, list, position),
            in_range: in_range(range, segment.start, segment.end),
            current: current == Some(id),
            parts: marks.parts(id, &segment.text, &spans),
        };
        html::write_row(&mut out, &t, id, &look);
    }
    out
}

/// What a row's text shows besides its words: the current search's marks
/// and the word being spoken.
struct Marks {
    answer: Arc<Answer>,
    spoken: Option<SpokenWord>,
}

impl Marks {
    fn now(state: WidgetState) -> Marks {
        Marks { answer: state.answer.get_untracked(), spoken: state.kept.with_value(|k| k.spoken) }
    }

    /// The search's marks in segment `id`'s text (none unless it is a hit).
    fn spans(&self, id: u32, text: &str) -> Vec<(usize, usize)> {
        let a = &self.answer;
        if a.searching && a.result.hits.binary_search(&id).is_ok() {
            a.result.matcher.spans(text)
        } else {
            Vec::new()
        }
    }

    /// Segment `id`'s text cut by its `spans` and the word spoken in it.
    fn parts<'a>(&self, id: u32, text: &'a str, spans: &[(usize, usize)]) -> TextParts<'a> {
        let word = self.spoken.filter(|w| w.segment == id).map(|w| (w.from, w.to));
        text_parts(text, spans, word)
    }
}

/// Repaints segment `id`'s text (its marks, its spoken word), if its row
/// is rendered.
pub fn repaint_text(state: WidgetState, id: u32) {
    let Some(text) = state.row(id).and_then(|row| dom::find(&row, ".vb-text")) else { return };
    let t = state.episode();
    let Some(segment) = t.segments.get(id as usize) else { return };
    let marks = Marks::now(state);
    let spans = marks.spans(id, &segment.text);
    let mut out = String::new();
    html::write_text(&mut out, &marks.parts(id, &segment.text, &spans));
    text.set_inner_html(&out);
}

/// Sets or removes `aria-current` on segment `id`'s row, if rendered.
pub fn mark_current(state: WidgetState, id: u32, current: bool) {
    if let Some(row) = state.row(id) {
        dom::set_attribute(&row, "aria-current", current.then_some("true"));
    }
}

/// After the quoted range changed from `before`: the class of each
/// rendered row that entered or left it.
pub fn repaint_range(state: WidgetState, before: Option<TimeRange>) {
    let now = state.range.get_untracked();
    let t = state.episode();
    state.kept.with_value(|Kept { rendered: r, .. }| {
        for position in r.lo..r.hi {
            let id = r.list[position];
            let Some(segment) = t.segments.get(id as usize) else { continue };
            let inside = in_range(now, segment.start, segment.end);
            if inside != in_range(before, segment.start, segment.end) {
                if let Some(row) = state.row(id) {
                    let class = html::row_class(&t, id, opens_turn(&t, &r.list, position), inside);
                    let _ = row.set_attribute("class", &class);
                }
            }
        }
    });
}

/// What a click in the list was on.
pub enum Clicked {
    /// A row's time: jump there and play.
    Time(u32),
    /// A row's text: jump there and play, unless a selection just ended.
    Text(u32),
    /// A row's link button: copy a link to the moment.
    Link(u32),
}

/// What the click whose target is `target` was on, if a row's part.
pub fn clicked(target: Option<web_sys::EventTarget>) -> Option<Clicked> {
    let target = target?.dyn_into::<web_sys::Element>().ok()?;
    let within = |selector: &str| target.closest(selector).ok().flatten().is_some();
    let row = target.closest("[data-segment]").ok().flatten()?;
    let id = row.get_attribute("data-segment")?.parse().ok()?;
    if within(".vb-time") {
        Some(Clicked::Time(id))
    } else if within(".vb-link") {
        Some(Clicked::Link(id))
    } else if within(".vb-text") {
        Some(Clicked::Text(id))
    } else {
        None
    }
}

/// The rows the list shows: the list of segment ids they were written
/// from and the window `lo..hi` of it, in the DOM's order (none at first).
#[derive(Default)]
pub struct Rendered {
    /// The listed segments when the rows were written.
    pub list: Arc<Vec<u32>>,
    /// The first rendered position.
    pub lo: usize,
    /// Past the last rendered position.
    pub hi: usize,
}

impl Rendered {
    /// The index among the list's children of segment `id`'s row, if
    /// rendered (the list is sorted, as every list of segments is).
    pub fn child_of(&self, id: u32) -> Option<u32> {
        let position = self.list.binary_search(&id).ok()?;
        (self.lo..self.hi).contains(&position).then(|| (position - self.lo) as u32)
    }
}
