//! The index: a [`Transcript`], and the `fst` term dictionary and postings
//! that are derived from its text on load ([`Index::from_bytes`]) or on
//! first use ([`Index::open`], for the widget, which paints first).
//!
//! In: a [`Transcript`] ([`IndexBuilder`]) or index bytes.
//! Out: index bytes ([`IndexBuilder::build`]) or a validated [`Index`].
//! Always holds: the dictionary holds exactly the terms of the segments'
//! text (by [`crate::tokenize`]), every term's postings list the segments
//! containing it, sorted, and both match what the writer's tokenizer saw
//! (a file whose fingerprint disagrees is refused).

pub mod format;

use std::sync::Arc;

use fst::{IntoStreamer, Streamer};

pub use format::FormatError;
use format::{Dictionary, IndexParts, Section};

use crate::tokenize::{learn, tokenize};
use crate::transcript::Transcript;

/// Builds index bytes from a transcript.
pub struct IndexBuilder<'a> {
    transcript: &'a Transcript,
    progress: Option<Box<dyn FnMut(usize, usize) + 'a>>,
}

impl<'a> IndexBuilder<'a> {
    /// A builder for this transcript.
    pub fn new(transcript: &'a Transcript) -> IndexBuilder<'a> {
        IndexBuilder { transcript, progress: None }
    }

    /// Calls `f(done, total)` as segments are indexed (for a progress bar).
    pub fn on_progress(mut self, f: impl FnMut(usize, usize) + 'a) -> IndexBuilder<'a> {
        self.progress = Some(Box::new(f));
        self
    }

    /// Every term with the segments holding it, sorted by term, before
    /// encoding.
    pub fn postings_table(&mut self) -> Vec<TermPostings> {
        match self.progress.as_mut() {
            Some(progress) => postings_table(self.transcript, progress.as_mut()),
            None => postings_table(self.transcript, &mut |_, _| {}),
        }
    }

    /// Encodes the index.
    pub fn build(mut self) -> Vec<u8> {
        let table = self.postings_table();
        let dictionary = Dictionary::of(table.iter().map(|p| p.term.as_str()));
        // The folds are computed by the writer (`format::encode`) from the text.
        format::encode(&IndexParts { transcript: self.transcript.clone(), dictionary, folds: None })
    }
}

/// A validated index, ready to search.
pub struct Index {
    /// The episode: metadata, speakers, segments with their text (shared,
    /// so the widget reads it without a copy).
    pub transcript: Arc<Transcript>,
    /// The fingerprint the writer stored, which the derived dictionary
    /// must match.
    dictionary: Dictionary,
    /// The dictionary and postings, derived from the text on first use
    /// (or by [`Index::check`]).
    derived: std::sync::OnceLock<Result<Derived, FormatError>>,
}

/// What an index derives from its text.
struct Derived {
    /// Term → its number in dictionary order (the map's values, so the
    /// widget needs no hash table beside it).
    terms: fst::Map<Vec<u8>>,
    /// Per term number, the ids of the segments containing the term.
    postings: Vec<Vec<u32>>,
}

impl Index {
    /// Reads and validates index bytes, deriving the postings and the
    /// `fst` dictionary from the text (through the one tokenizer) and
    /// checking them against the stored fingerprint, so that what was
    /// indexed and what is searched cannot drift.
    pub fn from_bytes(bytes: &[u8]) -> Result<Index, FormatError> {
        let index = Index::open(bytes)?;
        index.check()?;
        Ok(index)
    }

    /// Reads index bytes (framing, checksum, every section), leaving the
    /// dictionary and postings to be derived on first use: the widget
    /// shows the transcript first and derives them just after, calling
    /// [`Index::check`]. Until a check, a search of an index whose
    /// fingerprint disagrees finds nothing.
    pub fn open(bytes: &[u8]) -> Result<Index, FormatError> {
        let parts = format::decode(bytes)?;
        // The widget's wasm folds the text as its writer did (see
        // `tokenize::learn`); a file of version 1 does not say how, and is
        // folded as the browser folds.
        if let Some(folds) = &parts.folds {
            learn(folds, parts.transcript.segments.iter().map(|s| s.text.as_str()));
        }
        Ok(Index {
            transcript: Arc::new(parts.transcript),
            dictionary: parts.dictionary,
            derived: std::sync::OnceLock::new(),
        })
    }

    /// Derives the dictionary and postings (once) and checks them against
    /// the stored fingerprint.
    pub fn check(&self) -> Result<(), FormatError> {
        self.derive_once().as_ref().map(|_| ()).map_err(Clone::clone)
    }

    fn derive_once(&self) -> &Result<Derived, FormatError> {
        self.derived.get_or_init(|| derive(&self.transcript, self.dictionary))
    }

    fn derived(&self) -> Option<&Derived> {
        self.derive_once().as_ref().ok()
    }

    /// The term dictionary, each term with its number (`None` if the index
    /// fails its check).
    pub fn terms(&self) -> Option<&fst::Map<Vec<u8>>> {
        self.derived().map(|d| &d.terms)
    }

    /// The term's number, if the text has it.
    pub fn ordinal(&self, term: &str) -> Option<u32> {
        self.derived()?.terms.get(term).map(|o| o as u32)
    }

    /// The segments containing `term` exactly (sorted ids), empty if none.
    pub fn postings(&self, term: &str) -> &[u32] {
        self.ordinal(term).map_or(&[], |o| self.postings_at(o))
    }

    /// The postings of a term number from [`Index::ordinal`] or
    /// [`Index::matching_terms`].
    pub fn postings_at(&self, ordinal: u32) -> &[u32] {
        self.derived().and_then(|d| d.postings.get(ordinal as usize)).map_or(&[], Vec::as_slice)
    }

    /// All terms matching an automaton, with their term numbers.
    pub fn matching_terms<A: fst::Automaton>(&self, automaton: A) -> Vec<(String, u32)> {
        let Some(derived) = self.derived() else { return Vec::new() };
        let mut out = Vec::new();
        let mut stream = derived.terms.search(automaton).into_stream();
        while let Some((term, ordinal)) = stream.next() {
            out.push((String::from_utf8_lossy(term).into_owned(), ordinal as u32));
        }
        out
    }
}

/// The dictionary and postings of a transcript's text, if they match the
/// writer's fingerprint.
fn derive(transcript: &Transcript, stored: Dictionary) -> Result<Derived, FormatError> {
    let table = postings_table(transcript, &mut |_, _| {});
    if Dictionary::of(table.iter().map(|p| p.term.as_str())) != stored {
        return Err(FormatError::Corrupt {
            section: Section::Terms.name(),
            what: "its terms do not match the text (was it written by another version of the tokenizer?)".into(),
        });
    }
    // The terms arrive sorted and distinct, so this cannot fail; mapping
    // the error (rather than `expect`) keeps fst's and io's
    // Debug output out of the widget's wasm.
    let numbered = table.iter().enumerate().map(|(i, p)| (&p.term, i as u64));
    let terms = fst::Map::from_iter(numbered).map_err(|_| FormatError::Corrupt {
        section: Section::Terms.name(),
        what: "its terms could not be put in a dictionary".into(),
    })?;
    let postings = table.into_iter().map(|p| p.segments).collect();
    Ok(Derived { terms, postings })
}

/// A term and the ids of the segments holding it, ascending.
pub struct TermPostings {
    /// The term, as the tokenizer writes it.
    pub term: String,
    /// The segments holding it.
    pub segments: Vec<u32>,
}

/// Every term of the segments' text with the ids of the segments holding it,
/// sorted: what the dictionary stores and what search reads.
///
/// Every occurrence is listed, then sorted (no map: in the widget, a
/// `BTreeMap` of its own types cost 1 KB of gzipped wasm). Sorted through a
/// permutation, so that the repeated terms are freed in the order they were
/// allocated, which keeps the widget's free-list allocator's list short.
/// The list costs memory while it lives: a 10-hour episode's wasm memory
/// peaks at 9.1 MB instead of 6.3 (`bench/browser/memory.mjs`).
fn postings_table(transcript: &Transcript, progress: &mut dyn FnMut(usize, usize)) -> Vec<TermPostings> {
    let segments = &transcript.segments;
    let mut occurrences: Vec<(String, u32)> = Vec::new();
    for (id, segment) in segments.iter().enumerate() {
        occurrences.extend(tokenize(&segment.text).into_iter().map(|token| (token.term, id as u32)));
        if id % 256 == 255 || id + 1 == segments.len() {
            progress(id + 1, segments.len());
        }
    }
    let mut order: Vec<u32> = (0..occurrences.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| occurrences[a as usize].cmp(&occurrences[b as usize]));
    let mut table: Vec<TermPostings> = Vec::new();
    for i in order {
        let (term, id) = &mut occurrences[i as usize];
        match table.last_mut() {
            Some(last) if last.term == *term => {
                if last.segments.last() != Some(id) {
                    last.segments.push(*id);
                }
            }
            _ => table.push(TermPostings { term: std::mem::take(term), segments: vec![*id] }),
        }
    }
    table
}
