//! The archive widget's state, and the loop that answers a view: ask the
//! [`Catalogue`] for a step, fetch the files it needs (together), add them,
//! ask again. One `Catalogue` serves the page, so a file is fetched once;
//! every change of view starts a new generation, and an older one's
//! answer is dropped when it arrives (its files are kept).

use std::collections::HashSet;
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use super::fetch::fetch_all;
use crate::archive::client::{BrowseStep, Browsed, Catalogue};
use crate::archive::format::FileId;
use crate::archive::present::{
    chosen_names, listed_choices, speaker_choices, waits_for_next_keystroke, ArchiveView, SpeakerChoice,
};
use crate::archive::search::{ArchiveResult, Request, Step};

/// Episodes shown at first, and added by each "More episodes".
pub const PAGE: usize = 10;
/// Snippets shown per episode.
pub const HITS_PER_EPISODE: usize = 3;
/// A typed query whose last word is short ([`waits_for_next_keystroke`])
/// waits this long, from its keystroke, for the next keystroke before it
/// fetches postings and text; its dictionary shards (small, and mostly the
/// next keystroke's too) are fetched at once, as is everything for other
/// queries, and a query the loaded files answer is answered at once.
const TYPING_PAUSE_MS: f64 = 80.0;
/// How often a run waiting for another run's files looks again.
const IN_FLIGHT_POLL_MS: f64 = 8.0;

/// What the results area shows.
#[derive(Clone, Debug, Default)]
pub enum Shown {
    /// Nothing yet (the manifest is on its way).
    #[default]
    Starting,
    /// No query: the newest episodes.
    Browse(Arc<Browsed>),
    /// The answer to a query.
    Results {
        /// The query it answers (links carry it).
        query: String,
        /// The answer.
        result: Arc<ArchiveResult>,
    },
}

/// Everything the archive's components share.
#[derive(Clone, Copy)]
pub struct ArchiveState {
    /// The files loaded so far, for the page's lifetime.
    catalogue: StoredValue<Catalogue>,
    /// Files being fetched now (by any view's run).
    in_flight: StoredValue<HashSet<FileId>>,
    /// The site's root URL (absolute), which catalogue paths and episode
    /// links are relative to.
    pub root_url: StoredValue<String>,
    /// This widget's namespace in the URL fragment.
    pub prefix: StoredValue<String>,
    /// The search text as typed.
    pub query: RwSignal<String>,
    /// Speaker keys chosen.
    pub speakers: RwSignal<Vec<String>>,
    /// Newest first instead of most matches first.
    pub newest_first: RwSignal<bool>,
    /// Pages of episodes asked for ("More episodes" adds one).
    pub pages: RwSignal<usize>,
    /// The show's speakers: the manifest's most frequent, then all of
    /// them once the speakers file is loaded ([`ArchiveState::load_speakers`]).
    pub choices: RwSignal<Arc<Vec<SpeakerChoice>>>,
    /// How many speakers the show has (choices), once the manifest is loaded.
    pub speaker_total: RwSignal<usize>,
    /// Episodes in the show, once the manifest is loaded.
    pub episode_count: RwSignal<Option<u32>>,
    /// What the results area shows.
    pub shown: RwSignal<Shown>,
    /// Whether files are being fetched for the current view.
    pub busy: RwSignal<bool>,
    /// Why the current view could not be answered.
    pub error: RwSignal<Option<String>>,
    /// The current generation (bumped by every change of view).
    generation: StoredValue<u64>,
    /// The search field.
    pub input: NodeRef<html::Input>,
}

impl ArchiveState {
    /// The state of an archive over the site at `root_url`, showing `initial`.
    pub fn new(root_url: String, prefix: String, initial: &ArchiveView) -> ArchiveState {
        ArchiveState {
            catalogue: StoredValue::new(Catalogue::default()),
            in_flight: StoredValue::new(HashSet::new()),
            root_url: StoredValue::new(root_url),
            prefix: StoredValue::new(prefix),
            query: RwSignal::new(initial.query.clone()),
            speakers: RwSignal::new(initial.speakers.clone()),
            newest_first: RwSignal::new(initial.newest_first),
            pages: RwSignal::new(1),
            choices: RwSignal::new(Arc::new(Vec::new())),
            speaker_total: RwSignal::new(0),
            episode_count: RwSignal::new(None),
            shown: RwSignal::new(Shown::Starting),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            generation: StoredValue::new(0),
            input: NodeRef::new(),
        }
    }

    /// The view as the URL carries it (tracked).
    pub fn view(self) -> ArchiveView {
        ArchiveView { query: self.query.get(), speakers: self.speakers.get(), newest_first: self.newest_first.get() }
    }

    /// Shows `view` (from the URL), from its first page.
    pub fn apply_view(self, view: ArchiveView) {
        if self.query.get_untracked() != view.query {
            self.query.set(view.query);
        }
        if self.speakers.get_untracked() != view.speakers {
            self.speakers.set(view.speakers);
        }
        if self.newest_first.get_untracked() != view.newest_first {
            self.newest_first.set(view.newest_first);
        }
        self.pages.set(1);
    }

    /// Toggles a speaker key.
    pub fn toggle_speaker(self, key: &str) {
        self.speakers.update(|chosen| match chosen.iter().position(|k| k == key) {
            Some(at) => {
                chosen.remove(at);
            }
            None => chosen.push(key.to_string()),
        });
        self.pages.set(1);
    }

    /// A path relative to the site's root, as an absolute URL.
    pub fn url(self, path: &str) -> String {
        self.root_url.with_value(|root| {
            web_sys::Url::new_with_base(path, root).map(|u| u.href()).unwrap_or_else(|_| format!("{root}{path}"))
        })
    }

    /// Starts answering the current view (called by an effect on it):
    /// at once from the loaded files when they suffice, else by fetching,
    /// after a pause when a short word is being typed.
    pub fn refresh(self, typed: bool) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        match self.next_step() {
            Next::Show(shown) => self.finish(shown),
            fetch @ Next::Fetch(..) => {
                self.busy.set(true);
                let pause = typed && self.query.with_untracked(|q| waits_for_next_keystroke(q));
                let pause_until = pause.then(|| js_sys::Date::now() + TYPING_PAUSE_MS);
                wasm_bindgen_futures::spawn_local(self.run(generation, pause_until, fetch));
            }
        }
    }

    fn is_current(self, generation: u64) -> bool {
        self.generation.get_value() == generation
    }

    /// Fetches and steps until the view is answered, unless a newer view
    /// comes first, starting from `first` (the step `refresh` computed).
    /// Files other than dictionary shards wait until `pause_until` (a
    /// `Date.now()` time), when given.
    async fn run(self, generation: u64, pause_until: Option<f64>, first: Next) {
        let mut first = Some(first);
        loop {
            let files = match first.take().unwrap_or_else(|| self.next_step()) {
                Next::Show(shown) => {
                    if self.is_current(generation) {
                        self.finish(shown);
                    }
                    return;
                }
                Next::Fetch(files, partial) => {
                    // Shown while the counts are finished (still busy).
                    if let Some(shown) = partial.filter(|_| self.is_current(generation)) {
                        self.error.set(None);
                        self.shown.set(shown);
                    }
                    files
                }
            };
            let wait = pause_until.map_or(0.0, |until| until - js_sys::Date::now());
            if wait > 0.0 && !files.iter().all(|f| matches!(f, FileId::Dict(_))) {
                sleep(wait).await;
            }
            if !self.is_current(generation) {
                return;
            }
            // Files an older view's run is fetching are not fetched twice:
            // this run waits for them.
            let files: Vec<FileId> =
                files.into_iter().filter(|f| !self.in_flight.with_value(|flying| flying.contains(f))).collect();
            if files.is_empty() {
                sleep(IN_FLIGHT_POLL_MS).await;
                continue;
            }
            let added = self.fetch_and_add(&files).await;
            if !self.is_current(generation) {
                return;
            }
            if let Err(message) = added {
                self.busy.set(false);
                self.error.set(Some(message));
                return;
            }
        }
    }

    /// The step the current view is at: what to show, or what to fetch.
    fn next_step(self) -> Next {
        let query = self.query.get_untracked();
        let keys = self.speakers.get_untracked();
        let limit = PAGE.saturating_mul(self.pages.get_untracked());
        self.catalogue.with_value(|c| {
            // The manifest comes first, and the show's speakers when some
            // are chosen (the filter's names need them); otherwise they
            // wait until the reader turns to the filter (`load_speakers`).
            let start: Vec<FileId> = [FileId::Manifest, FileId::Speakers]
                .into_iter()
                .filter(|f| !c.has_file(*f) && (*f == FileId::Manifest || !keys.is_empty()))
                .collect();
            if !start.is_empty() {
                return Next::Fetch(start, None);
            }
            let choices = speaker_choices(c.loaded().speakers().unwrap_or_default());
            // Keys that name nobody are ignored, as any unknown part of a URL.
            let names = chosen_names(&choices, &keys);
            if query.trim().is_empty() {
                match c.browse(&names, limit) {
                    BrowseStep::Need(files) => Next::Fetch(files, None),
                    BrowseStep::Done(browsed) => Next::Show(Shown::Browse(Arc::new(browsed))),
                }
            } else {
                let request = Request {
                    query: query.clone(),
                    speakers: names,
                    newest_first: self.newest_first.get_untracked(),
                    episodes: Some(limit),
                    hits_per_episode: Some(HITS_PER_EPISODE),
                };
                match c.search(&request) {
                    Step::Need(files) => Next::Fetch(files, None),
                    Step::Partial(result, files) => {
                        Next::Fetch(files, Some(Shown::Results { query, result: Arc::new(result) }))
                    }
                    Step::Done(result) => Next::Show(Shown::Results { query, result: Arc::new(result) }),
                }
            }
        })
    }

    fn finish(self, shown: Shown) {
        self.note_loaded();
        self.busy.set(false);
        self.error.set(None);
        self.shown.set(shown);
    }

    /// Publishes what the manifest and speakers say, once they are loaded.
    fn note_loaded(self) {
        if self.episode_count.get_untracked().is_none() {
            let manifest = self.catalogue.with_value(|c| {
                c.loaded().manifest().map(|m| (m.episodes, m.speaker_choices as usize, listed_choices(m)))
            });
            if let Some((episodes, total, listed)) = manifest {
                self.episode_count.set(Some(episodes));
                self.speaker_total.set(total);
                if self.choices.with_untracked(|c| c.is_empty()) {
                    self.choices.set(Arc::new(listed));
                }
            }
        }
        let all_loaded = self.choices.with_untracked(|c| c.len()) >= self.speaker_total.get_untracked();
        if !all_loaded {
            let choices = self.catalogue.with_value(|c| c.loaded().speakers().map(speaker_choices));
            if let Some(choices) = choices.filter(|c| !c.is_empty()) {
                self.choices.set(Arc::new(choices));
            }
        }
    }

    /// Fetches the show's speakers (all of them, for the filter's list),
    /// unless they are loaded or on their way: when the reader turns to
    /// the speaker filter, so that opening the page does not fetch a file
    /// that grows with the show.
    pub fn load_speakers(self) {
        let file = FileId::Speakers;
        if self.catalogue.with_value(|c| c.has_file(file)) || self.in_flight.with_value(|f| f.contains(&file)) {
            return;
        }
        // A failure is not the view's: the list stays short, the next
        // visit to the filter tries again, and a search that needs the
        // file reports it.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = self.fetch_and_add(&[file]).await;
        });
    }

    /// Fetches `files` together (marked in flight meanwhile), adds them to
    /// the catalogue and publishes what they say; the error names the
    /// first file that could not be fetched or read.
    ///
    /// The manifest is asked for afresh each time (the browser's cache may
    /// keep it only if the server says it has not changed), and a file of
    /// another build than the manifest's (kept by a cache from an earlier
    /// build of the site) is fetched once more past the cache before it
    /// counts as an error.
    async fn fetch_and_add(self, files: &[FileId]) -> Result<(), String> {
        self.in_flight.update_value(|flying| flying.extend(files.iter().copied()));
        let mut added = self.fetch_and_add_once(files, None).await;
        if let Err((_, stale)) = &mut added {
            let stale = std::mem::take(stale);
            if !stale.is_empty() {
                added = self.fetch_and_add_once(&stale, Some(web_sys::RequestCache::Reload)).await;
            }
        }
        self.in_flight.update_value(|flying| flying.retain(|f| !files.contains(f)));
        self.note_loaded();
        added.map_err(|(message, _)| message)
    }

    /// One round of [`Self::fetch_and_add`]; its error names the first file
    /// that failed and, when every failure was a file of another build,
    /// lists them.
    async fn fetch_and_add_once(
        self,
        files: &[FileId],
        cache: Option<web_sys::RequestCache>,
    ) -> Result<(), (String, Vec<FileId>)> {
        let named: Vec<(String, String, Option<web_sys::RequestCache>)> = files
            .iter()
            .map(|f| {
                let cache = if *f == FileId::Manifest { Some(web_sys::RequestCache::NoCache) } else { cache };
                (self.url(&f.path()), f.path(), cache)
            })
            .collect();
        let all = fetch_all(&named).await.map_err(|e| (e, Vec::new()))?;
        let (mut first, mut stale, mut other) = (None, Vec::new(), false);
        self.catalogue.update_value(|c| {
            for (file, bytes) in files.iter().zip(&all) {
                if let Err(e) = c.add(*file, bytes) {
                    first.get_or_insert_with(|| format!("{}: {e}.", file.path()));
                    if e.is_other_build() {
                        stale.push(*file);
                    } else {
                        other = true;
                    }
                }
            }
        });
        // Fetched again only when nothing else failed: no error is lost.
        first.map_or(Ok(()), |message| Err((message, if other { Vec::new() } else { stale })))
    }
}

/// What answering a view needs next.
enum Next {
    Show(Shown),
    /// Files to fetch, and what to show meanwhile (the page of a search
    /// whose counts are being finished).
    Fetch(Vec<FileId>, Option<Shown>),
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: f64) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.ceil() as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
