//! What a reader of the archive keeps for as long as the page is open: the
//! catalogue files fetched so far, decoded once, for every search after.
//!
//! In: fetched files ([`Catalogue::add`]). Out: search steps (the
//! [`super::search`] ones), the show's speakers, and, before the reader
//! types, the newest episodes to browse ([`Catalogue::browse`]), which ask
//! for files the same way a search does.
//! Always holds: a file is decoded once; browsing needs only the manifest,
//! the speakers (when filtered) and the episode files of the episodes shown.

use std::collections::HashMap;

use super::format::{self, EpisodeMeta, FileId};
use super::search::{self, Loaded, Request, Step};
use crate::index::FormatError;

/// The catalogue files a page has loaded.
#[derive(Default)]
pub struct Catalogue {
    loaded: Loaded,
    /// Episode metadata runs by file number (for browsing; the search keeps
    /// its own).
    episodes: HashMap<u32, Vec<EpisodeMeta>>,
}

/// One episode in the browsing list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// Episode number (oldest first).
    pub number: u32,
    /// Folder name.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Date.
    pub date: String,
}

/// The newest episodes, as far as the reader asked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Browsed {
    /// Episodes there are to browse (of the chosen speakers, if any).
    pub total: usize,
    /// The newest of them, newest first.
    pub episodes: Vec<Listed>,
}

/// What browsing needs next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BrowseStep {
    /// Fetch these files, add them, and ask again.
    Need(Vec<FileId>),
    /// The list.
    Done(Browsed),
}

impl Catalogue {
    /// Decodes and keeps a fetched file.
    pub fn add(&mut self, file: FileId, bytes: &[u8]) -> Result<(), FormatError> {
        self.loaded.add(file, bytes)?;
        if let FileId::Episodes(n) = file {
            self.episodes.insert(n, format::decode_episodes(bytes).map_err(FormatError::in_catalogue)?);
        }
        Ok(())
    }

    /// Whether a file is loaded.
    pub fn has_file(&self, file: FileId) -> bool {
        self.loaded.has_file(file)
    }

    /// The files loaded so far.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// One step of a search (see [`search::step`]).
    pub fn search(&self, request: &Request) -> Step {
        search::step(&self.loaded, request)
    }

    /// The newest `limit` episodes, of the speakers named in `speakers`
    /// (names or ids, as a search takes them) when there are any.
    pub fn browse(&self, speakers: &[String], limit: usize) -> BrowseStep {
        let mut need = Vec::new();
        for file in [FileId::Manifest, FileId::Speakers] {
            let wanted = file == FileId::Manifest || speakers.iter().any(|s| !s.trim().is_empty());
            if wanted && !self.has_file(file) {
                need.push(file);
            }
        }
        let Some(manifest) = self.loaded.manifest().filter(|_| need.is_empty()) else {
            return BrowseStep::Need(need);
        };
        let chosen: std::collections::HashSet<String> =
            speakers.iter().map(|s| crate::tokenize::normalize(s)).filter(|s| !s.is_empty()).collect();
        let numbers: Vec<u32> = if chosen.is_empty() {
            (0..manifest.episodes).rev().collect()
        } else {
            let mut of_chosen: Vec<u32> = self
                .loaded
                .speakers()
                .unwrap_or_default()
                .iter()
                .filter(|s| search::is_chosen(&chosen, s))
                .flat_map(|s| s.episodes.iter().copied())
                .filter(|&n| n < manifest.episodes)
                .collect();
            // Newest first, once each (sort_unstable: no second sort algorithm in the wasm).
            of_chosen.sort_unstable_by(|a, b| b.cmp(a));
            of_chosen.dedup();
            of_chosen
        };
        let per_file = manifest.episodes_per_file.max(1);
        let shown = &numbers[..numbers.len().min(limit)];
        // Newest first: the files come out in descending order, each once.
        let mut missing: Vec<FileId> =
            shown.iter().map(|n| FileId::Episodes(n / per_file)).filter(|f| !self.has_file(*f)).collect();
        missing.dedup();
        if !missing.is_empty() {
            return BrowseStep::Need(missing);
        }
        let episodes = shown
            .iter()
            .filter_map(|&number| {
                let meta = self.episodes.get(&(number / per_file))?.get((number % per_file) as usize)?;
                Some(Listed { number, slug: meta.slug.clone(), title: meta.title.clone(), date: meta.date.clone() })
            })
            .collect();
        BrowseStep::Done(Browsed { total: numbers.len(), episodes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::build::{build, ShowEpisode, Sizes};
    use crate::transcript::{Segment, Speaker, Transcript};

    /// Five episodes, Alex in all, Grace in the odd ones; two per episodes file.
    fn files() -> Vec<(FileId, Vec<u8>)> {
        let episodes: Vec<ShowEpisode> = (0..5u32)
            .map(|e| {
                let mut speakers = vec![Speaker { id: "alex".into(), name: "Alex K".into(), role: String::new() }];
                if e % 2 == 1 {
                    speakers.push(Speaker { id: "grace".into(), name: "Grace Shao".into(), role: String::new() });
                }
                let segments = (0..speakers.len() as u16)
                    .map(|s| Segment {
                        start: u32::from(s) * 1000,
                        end: u32::from(s) * 1000 + 900,
                        speaker: Some(s),
                        text: format!("episode {e} speaker {s} says hello"),
                        words: Vec::new(),
                    })
                    .collect();
                let transcript = Transcript {
                    title: format!("Episode {e}"),
                    date: format!("2025-02-0{}", e + 1),
                    speakers,
                    segments,
                    ..Transcript::default()
                };
                ShowEpisode { slug: format!("ep-{e}"), transcript }
            })
            .collect();
        build("Show", &episodes, Sizes { episodes_per_file: 2, ..Sizes::default() })
    }

    /// Browses to the end, returning the list and the files read.
    fn browse(catalogue: &mut Catalogue, speakers: &[&str], limit: usize) -> (Browsed, Vec<FileId>) {
        let files = files();
        let speakers: Vec<String> = speakers.iter().map(|s| s.to_string()).collect();
        let mut read = Vec::new();
        loop {
            match catalogue.browse(&speakers, limit) {
                BrowseStep::Done(browsed) => return (browsed, read),
                BrowseStep::Need(need) => {
                    assert!(!need.is_empty(), "a step that needs nothing must be done");
                    for file in need {
                        let bytes = &files.iter().find(|(id, _)| *id == file).expect("a catalogue file").1;
                        catalogue.add(file, bytes).unwrap();
                        read.push(file);
                    }
                }
            }
        }
    }

    fn slugs(browsed: &Browsed) -> Vec<&str> {
        browsed.episodes.iter().map(|e| e.slug.as_str()).collect()
    }

    #[test]
    fn browsing_lists_the_newest_episodes_reading_only_their_files() {
        let mut catalogue = Catalogue::default();
        let (browsed, read) = browse(&mut catalogue, &[], 2);
        assert_eq!((browsed.total, slugs(&browsed)), (5, vec!["ep-4", "ep-3"]));
        assert_eq!(read, [FileId::Manifest, FileId::Episodes(2), FileId::Episodes(1)]);
        assert_eq!(browsed.episodes[0].title, "Episode 4");
        assert_eq!(browsed.episodes[0].date, "2025-02-05");
        // More: only the file not read yet.
        let (browsed, read) = browse(&mut catalogue, &[], 10);
        assert_eq!(slugs(&browsed), ["ep-4", "ep-3", "ep-2", "ep-1", "ep-0"]);
        assert_eq!(read, [FileId::Episodes(0)]);
    }

    #[test]
    fn browsing_by_speaker_lists_their_episodes_by_name_or_id() {
        let mut catalogue = Catalogue::default();
        let (browsed, read) = browse(&mut catalogue, &["grace shao"], 10);
        assert_eq!((browsed.total, slugs(&browsed)), (2, vec!["ep-3", "ep-1"]));
        assert!(read.contains(&FileId::Speakers) && !read.contains(&FileId::Episodes(2)), "{read:?}");
        assert_eq!(slugs(&browse(&mut catalogue, &["GRACE"], 10).0), ["ep-3", "ep-1"]);
        assert_eq!(browse(&mut catalogue, &["nobody"], 10).0, Browsed::default());
    }

    #[test]
    fn a_damaged_file_is_an_error_and_searching_shares_the_files() {
        let files = files();
        let mut catalogue = Catalogue::default();
        let mut manifest = files.iter().find(|(id, _)| *id == FileId::Manifest).unwrap().1.clone();
        let last = manifest.len() - 1;
        manifest[last] ^= 1;
        assert!(catalogue.add(FileId::Manifest, &manifest).is_err());
        assert_eq!(catalogue.browse(&[], 3), BrowseStep::Need(vec![FileId::Manifest]));
        let (browsed, _) = browse(&mut catalogue, &[], 5);
        assert_eq!(browsed.total, 5);
        // The search finds its episode files loaded already.
        let request = Request { query: "hello".into(), ..Request::default() };
        let result = loop {
            match catalogue.search(&request) {
                Step::Done(result) => break result,
                Step::Need(need) | Step::Partial(_, need) => {
                    assert!(need.iter().all(|f| !matches!(f, FileId::Episodes(_) | FileId::Manifest)), "{need:?}");
                    for file in need {
                        catalogue.add(file, &files.iter().find(|(id, _)| *id == file).unwrap().1).unwrap();
                    }
                }
            }
        };
        assert_eq!((result.total, result.episodes_total), (7, 5));
    }
}
