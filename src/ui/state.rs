//! The widget's state: one `Copy` struct of signals and memos, built once
//! per widget and handed to every component, so no closure needs its own
//! clone of the transcript. Signals hold only what the reader did; the
//! rest is derived with `Memo` from the pure modules.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::dom;
use super::quote::Quote;
use super::row::{self, Rendered};
use super::url_sync::Seen;
use crate::present::{nearest_shown, repaint_order, spoken_word, window_around, SpokenWord};
use crate::search::{Query, SearchResult, Searcher};
use crate::transcript::{Millis, SpeakerSelection, Transcript};
use crate::view_state::ViewState;

/// Segments rendered at once around the reader's position; more are added
/// as they scroll, so a 10-hour episode never builds its whole DOM.
pub const WINDOW: usize = 500;
/// Segments added when the reader nears either end of the window.
pub const STEP: usize = 250;
/// Rows whose marks are repainted in the keystroke's own frame (those
/// nearest the reader: what they see).
const REPAINT_AT_ONCE: usize = 16;
/// Rows whose marks are repainted in each later batch, when the page is idle.
const REPAINT_PER_BATCH: usize = 48;

/// A quoted range: its start and, for `t=start,end`, its end.
pub type TimeRange = (Millis, Option<Millis>);

/// The search as the widget shows it.
#[derive(Debug, Default, PartialEq)]
pub struct Answer {
    /// Whether the query has words (an empty one shows everything).
    pub searching: bool,
    /// The hits and what to highlight.
    pub result: SearchResult,
}

/// Everything the components share.
#[derive(Clone, Copy)]
pub struct WidgetState {
    /// Its searcher, which holds the episode (`with_transcript`, `episode`;
    /// the host page's API searches too).
    pub searcher: StoredValue<Arc<Searcher>>,
    /// This widget's namespace in the URL fragment (kept for the page's
    /// lifetime, as the widget is: a `StoredValue<String>` would bring its
    /// own code).
    pub prefix: &'static str,
    /// Whether shared links keep the page's query string (`data-share-query`).
    pub keep_query: bool,
    /// The search text as typed.
    pub query: RwSignal<String>,
    /// Speaker ids the reader chose (everyone when empty).
    pub speakers: RwSignal<Vec<String>>,
    /// The segment the reader jumped to.
    pub selected: RwSignal<Option<u32>>,
    /// A quoted range from the URL or a shared quote.
    pub range: RwSignal<Option<TimeRange>>,
    /// Whether only matching segments are listed.
    pub only_matches: RwSignal<bool>,
    /// The match stepped to with Enter, as a position among the hits (a
    /// `u32`, as segment ids are: a signal of its own value type would
    /// bring its own copy of the signal code, about 1 KB of wasm).
    pub current_match: RwSignal<Option<u32>>,
    /// The segment the audio is playing.
    pub playing: RwSignal<Option<u32>>,
    /// The moment whose word is marked in the current segment: the
    /// playback time while the audio plays, else where the reader landed
    /// (a `t=` link, a jump, a paused player).
    pub moment: RwSignal<Option<Millis>>,
    /// Whether the list follows playback (until the reader scrolls away).
    pub following: RwSignal<bool>,
    /// Where playback stops: the end of a quoted range being played.
    pub stop_at: RwSignal<Option<Millis>>,
    /// The rendered part of `visible`, as positions `lo..hi`.
    pub window: RwSignal<(usize, usize)>,
    /// What the status line says ("Link copied").
    pub status: RwSignal<Option<String>>,
    /// Text the browser refused to copy, shown selected for copying by hand.
    pub manual_copy: RwSignal<Option<String>>,
    /// The plain values the components keep between events (see [`Kept`]).
    pub kept: StoredValue<Kept>,
    /// The match count the rows' marks show: the search's total once every
    /// rendered row is repainted, so `[data-match-count]` never runs ahead
    /// of the marks (a script that waits for the count then reads the
    /// marks sees them all).
    pub painted_total: RwSignal<usize>,
    /// The current search.
    pub answer: Memo<Arc<Answer>>,
    /// The segments listed, in order.
    pub visible: Memo<Arc<Vec<u32>>>,
    /// The widget's root element.
    pub root: NodeRef<html::Div>,
    /// The transcript list.
    pub list: NodeRef<html::Ol>,
}

impl WidgetState {
    /// The state of a new widget showing `initial` (from the URL).
    pub fn new(searcher: Arc<Searcher>, prefix: String, keep_query: bool, initial: &ViewState) -> WidgetState {
        let searcher = StoredValue::new(searcher);
        let query = RwSignal::new(initial.query.clone());
        let speakers = RwSignal::new(initial.speakers.clone());
        let only_matches = RwSignal::new(false);
        let selected = RwSignal::new(None);
        let playing = RwSignal::new(None);

        let answer = Memo::new(move |_| {
            let parsed = Query::parse(&query.get());
            let result = speakers.with(|ids| searcher.with_value(|s| s.search(&parsed, ids)));
            Arc::new(Answer { searching: !parsed.is_empty(), result })
        });
        let visible = Memo::new(move |_| {
            let only_hits = only_matches.get() && answer.with(|a| a.searching);
            if only_hits {
                return Arc::new(answer.with(|a| a.result.hits.clone()));
            }
            let ids = searcher.with_value(|s| {
                let t = &s.index().transcript;
                speakers.with(|ids| SpeakerSelection::new(t, ids).segments(t))
            });
            Arc::new(ids)
        });
        let moment = RwSignal::new(initial.time.map(|(start, _)| start));

        WidgetState {
            searcher,
            prefix: Box::leak(prefix.into_boxed_str()),
            keep_query,
            query,
            speakers,
            selected,
            range: RwSignal::new(initial.time),
            only_matches,
            current_match: RwSignal::new(None),
            playing,
            moment,
            following: RwSignal::new(true),
            stop_at: RwSignal::new(None),
            window: RwSignal::new((0, WINDOW)),
            status: RwSignal::new(None),
            manual_copy: RwSignal::new(None),
            kept: StoredValue::new(Kept::default()),
            painted_total: RwSignal::new(0),
            answer,
            visible,
            root: NodeRef::new(),
            list: NodeRef::new(),
        }
    }

    /// The episode (a cheap handle).
    pub fn episode(self) -> Arc<Transcript> {
        self.searcher.with_value(|s| Arc::clone(&s.index().transcript))
    }

    /// What `f` says of the episode.
    pub fn with_transcript<R>(self, f: impl FnOnce(&Transcript) -> R) -> R {
        self.searcher.with_value(|s| f(&s.index().transcript))
    }

    /// A link that opens `view` here (see `dom::share_link`).
    pub fn share_link(self, view: &ViewState) -> String {
        dom::share_link(view, self.prefix, self.keep_query)
    }

    /// Whether the episode has audio.
    pub fn has_audio(self) -> bool {
        self.with_transcript(|t| t.audio_url.is_some())
    }

    /// The start of segment `id` (0 when there is none).
    pub fn start_of(self, id: u32) -> Millis {
        self.with_transcript(|t| t.segments.get(id as usize).map_or(0, |s| s.start))
    }

    /// The segment marked `aria-current`: the playing one, else the
    /// selected (tracked). A method, not a memo: everything that reads it
    /// compares with what it read before, and a memo of its own costs
    /// about 1 KB of wasm.
    pub fn current(self) -> Option<u32> {
        self.playing.get().or(self.selected.get())
    }

    /// [`WidgetState::current`], untracked.
    pub fn current_untracked(self) -> Option<u32> {
        self.playing.get_untracked().or(self.selected.get_untracked())
    }

    /// The word being spoken now (tracked: the current segment, the moment).
    pub fn word_now(self) -> Option<SpokenWord> {
        let (id, at) = (self.current()?, self.moment.get()?);
        self.with_transcript(|t| spoken_word(t, id, at))
    }

    /// The segment playing at `time`.
    pub fn segment_at(self, time: Millis) -> Option<u32> {
        self.with_transcript(|t| t.segment_at(time)).map(|i| i as u32)
    }

    /// The segment at `time` among those listed (a speaker filter may hide
    /// the one spoken then: the next one listed, else the last).
    pub fn shown_at(self, time: Millis) -> Option<u32> {
        let id = self.segment_at(time)?;
        self.visible.with_untracked(|shown| nearest_shown(shown, id))
    }

    /// After the listed segments changed (a speaker filter): a selected
    /// segment that is no longer listed gives way to the nearest listed one.
    pub fn keep_selection_listed(self) {
        let Some(id) = self.selected.get_untracked() else { return };
        let near = self.visible.with_untracked(|shown| nearest_shown(shown, id));
        if let Some(near) = near.filter(|&near| near != id) {
            self.jump(near, true);
        }
    }

    /// The view as the URL carries it (tracked).
    pub fn view(self) -> ViewState {
        let time = match (self.range.get(), self.selected.get()) {
            (Some(range), _) => Some(range),
            (None, Some(id)) => Some((self.start_of(id), None)),
            _ => None,
        };
        ViewState { query: self.query.get(), speakers: self.speakers.get(), time }
    }

    /// The audio element, when the episode has audio (written by the player).
    pub fn audio(self) -> Option<web_sys::HtmlAudioElement> {
        let root = self.root.get_untracked()?;
        dom::find(&root, "audio")?.dyn_into().ok()
    }

    /// The search field (`input[type="search"]`, written by the search bar).
    pub fn search_field(self) -> Option<web_sys::HtmlInputElement> {
        let root = self.root.get_untracked()?;
        dom::find(&root, "input[type=search]")?.dyn_into().ok()
    }

    /// The rendered row of segment `id`: found by its place in the list
    /// (this widget's own, so two widgets on a page, or one in a shadow
    /// root, never meet), checked by its `data-segment`.
    pub fn row(self, id: u32) -> Option<web_sys::Element> {
        let list = self.list.get_untracked()?;
        let child = self.kept.with_value(|k| k.rendered.child_of(id))?;
        let row = list.children().item(child)?;
        (row.get_attribute("data-segment")? == id.to_string()).then_some(row)
    }

    /// Makes segment `id` rendered (moving the window if needed) and, when
    /// `scroll`, brings it into view on the next frame.
    pub fn reveal(self, id: u32, scroll: bool) {
        let position = self.visible.with_untracked(|list| list.iter().position(|&v| v == id));
        if let Some(position) = position {
            let (lo, hi) = self.window.get_untracked();
            if position < lo || position >= hi {
                let len = self.visible.with_untracked(|list| list.len());
                self.window.set(window_around(position, len, WINDOW));
            }
        }
        if scroll {
            request_animation_frame(move || {
                if let Some(row) = self.row(id) {
                    dom::scroll_to(&row);
                }
            });
        }
    }

    /// Shows `view` (from the URL or the host page's API): the query and
    /// speakers, and the moment or quoted range, jumping there unless it is
    /// the segment already selected.
    pub fn apply_view(self, view: ViewState) {
        if view.query != self.query.get_untracked() {
            self.query.set(view.query);
            self.current_match.set(None);
        }
        if view.speakers != self.speakers.get_untracked() {
            self.speakers.set(view.speakers);
        }
        match view.time {
            Some((start, end)) => {
                self.moment.set(Some(start));
                let id = self.shown_at(start);
                let same = id == self.selected.get_untracked();
                self.range.set(end.map(|e| (start, Some(e))));
                if let (Some(id), false) = (id, same) {
                    self.jump(id, true);
                }
            }
            None => {
                clear(self.moment);
                clear(self.range);
                self.selected.set(None);
            }
        }
    }

    /// The view change made now (in this task) updates the URL without a
    /// new history entry: stepping through matches or along the timeline
    /// with keys, and following a fragment the page already has an entry
    /// for, would otherwise flood the history.
    pub fn without_new_entry(self) {
        self.kept.update_value(|k| k.replace_entry = true);
        request_animation_frame(move || {
            // The widget may be gone by then.
            let _ = self.kept.try_update_value(|k| k.replace_entry = false);
        });
    }

    /// Selects segment `id` and reveals it.
    pub fn jump(self, id: u32, scroll: bool) {
        self.selected.set(Some(id));
        self.reveal(id, scroll);
    }

    /// What a click on a segment, a time or a chapter does: select it and,
    /// with audio, play from its start.
    pub fn jump_and_play(self, id: u32, scroll: bool) {
        clear(self.range);
        self.jump(id, scroll);
        self.play_from(self.start_of(id));
    }

    /// Seeks the audio to `start` and plays, following along; `start` is
    /// the moment whose word is marked (until playback moves it, or for
    /// good when there is no audio).
    pub fn play_from(self, start: Millis) {
        self.moment.set(Some(start));
        if let Some(audio) = self.audio() {
            self.stop_at.set(None);
            audio.set_current_time(f64::from(start) / 1000.0);
            dom::play(&audio);
            self.following.set(true);
        }
    }

    /// Plays exactly `start..end`.
    pub fn play_range(self, start: Millis, end: Millis) {
        self.play_from(start);
        self.stop_at.set(Some(end));
    }

    /// Copies `text`, then says `done` in the status line; when the browser
    /// refuses, shows the text selected for copying by hand instead, so
    /// "copied" is never said of something that was not.
    pub fn copy(self, text: String, done: String) {
        wasm_bindgen_futures::spawn_local(async move {
            match dom::copy_text(&text).await {
                Ok(()) => {
                    self.manual_copy.set(None);
                    self.flash(done);
                }
                Err(_) => self.manual_copy.set(Some(text)),
            }
        });
    }

    /// Says `message` in the status line for two seconds.
    pub fn flash(self, message: String) {
        self.status.set(Some(message));
        set_timeout(move || self.status.set(None), std::time::Duration::from_millis(2000));
    }

    /// The current search changed: repaints the marks of every row that
    /// was or is a hit, those nearest `anchor` in this frame, the rest a
    /// batch at a time when the page is idle, until done or a newer search takes over.
    pub fn repaint_marks(self, anchor: u32) {
        let (hits, total) = self
            .answer
            .with_untracked(|a| (if a.searching { a.result.hits.clone() } else { Vec::new() }, a.result.total()));
        let rendered = self.kept.with_value(|Kept { rendered: r, .. }| r.list[r.lo..r.hi].to_vec());
        let generation = self.kept.try_update_value(|Kept { repaint: r, .. }| {
            r.total = total;
            let mut before = std::mem::take(&mut r.painted);
            before.append(&mut r.pending);
            before.sort_unstable();
            before.dedup();
            // Only rendered rows have marks to change; a row rendered later
            // is built with the search as it is then.
            r.pending = repaint_order(&before, &hits, anchor);
            r.pending.retain(|id| rendered.binary_search(id).is_ok());
            r.pending.reverse();
            r.painted = hits;
            r.generation += 1;
            r.generation
        });
        if let Some(generation) = generation {
            self.repaint_some(REPAINT_AT_ONCE, generation);
        }
    }

    fn repaint_some(self, count: usize, generation: u64) {
        let due = self.kept.try_update_value(|Kept { repaint: r, .. }| {
            let keep = r.pending.len().saturating_sub(count);
            (r.generation == generation).then(|| r.pending.split_off(keep))
        });
        let Some(Some(due)) = due else { return };
        due.iter().for_each(|&id| row::repaint_text(self, id));
        match self.kept.with_value(|Kept { repaint: r, .. }| r.pending.is_empty().then_some(r.total)) {
            // Every row shows this search's marks: the count may say so.
            Some(total) => {
                if self.painted_total.get_untracked() != total {
                    self.painted_total.set(total);
                }
            }
            // The rest when the page is idle: after the keystroke's frame,
            // never in the way of the next keystroke.
            None => dom::when_idle(move || self.repaint_some(REPAINT_PER_BATCH, generation)),
        }
    }
}

/// The values the components keep between events that nothing reacts to,
/// in one `StoredValue`: each value type of `StoredValue` brings its own
/// copy of the storage code (about 450 bytes of wasm), so they share one.
#[derive(Default)]
pub struct Kept {
    /// The rows the list shows (see `row::Rendered`): what finds a
    /// segment's row, and what a change of the window adds to.
    pub rendered: Rendered,
    /// Rows whose marks are not yet those of the current search, nearest
    /// the reader last (they are repainted from the end, a batch at a time).
    pub repaint: Repaint,
    /// The first segment on screen, noted as the reader scrolls (reading
    /// it while typing would force a layout in the keystroke's frame).
    pub on_screen: u32,
    /// Whether the reader scrolled since they started typing the query
    /// (then typing no longer brings the first match into view).
    pub reader_scrolled: bool,
    /// Whether the view's next change replaces the history entry instead
    /// of pushing one (see [`WidgetState::without_new_entry`]).
    pub replace_entry: bool,
    /// The word being spoken at `moment` in the current segment, when it
    /// has word times: kept by the transcript list, which repaints only the
    /// rows it leaves and enters, and read when a row's text is written. (A
    /// value, not a `Memo`: a memo of its own type costs about 3 KB of wasm.)
    pub spoken: Option<SpokenWord>,
    /// Whether the quote button's look at the selection is queued for the
    /// next frame.
    pub selection_queued: bool,
    /// The selection the quote button offers to share, while it is shown.
    pub quote: Option<Quote>,
    /// The page's fragment and history length when the URL sync last
    /// looked.
    pub url_seen: Seen,
}

/// Progress of repainting marks after a search changed.
#[derive(Default)]
pub struct Repaint {
    /// The hits whose marks rows show or will show.
    painted: Vec<u32>,
    /// Rows still to repaint, the next at the end.
    pending: Vec<u32>,
    /// Bumped by each new search, so an older repaint stops.
    generation: u64,
    /// The search's total, shown once the repaint is done.
    total: usize,
}

/// Empties an optional signal, without waking its readers when it is empty
/// already (every keystroke clears the quoted range).
pub fn clear<T: Send + Sync + 'static>(signal: RwSignal<Option<T>>) {
    if signal.with_untracked(Option::is_some) {
        signal.set(None);
    }
}
