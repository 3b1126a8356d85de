//! The index: a [`Transcript`] plus an `fst` term dictionary and postings,
//! built once by the publisher and searched in the reader's browser.
//!
//! In: a [`Transcript`] ([`IndexBuilder`]) or index bytes ([`Index::from_bytes`]).
//! Out: index bytes ([`IndexBuilder::build`]) or a validated [`Index`].
//! Always holds: every token of every segment (by [`crate::tokenize`]) is a
//! term whose postings list that segment; postings are sorted and name only
//! existing segments (checked on load, so search never meets a bad list).

pub mod format;

use std::collections::BTreeMap;

use fst::{IntoStreamer, Streamer};

pub use format::FormatError;
use format::{IndexParts, Section};

use crate::tokenize::tokenize;
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

    /// The term → segment ids table, before encoding (also used by `stats`).
    pub fn postings_table(&mut self) -> BTreeMap<String, Vec<u32>> {
        let segments = &self.transcript.segments;
        let mut table: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (id, segment) in segments.iter().enumerate() {
            for token in tokenize(&segment.text) {
                let ids = table.entry(token.term).or_default();
                if ids.last() != Some(&(id as u32)) {
                    ids.push(id as u32);
                }
            }
            if let Some(progress) = self.progress.as_mut() {
                if id % 256 == 255 || id + 1 == segments.len() {
                    progress(id + 1, segments.len());
                }
            }
        }
        table
    }

    /// Encodes the index.
    pub fn build(mut self) -> Vec<u8> {
        let table = self.postings_table();
        let mut postings = Vec::new();
        let mut terms = fst::MapBuilder::memory();
        for (term, ids) in &table {
            // Keys arrive sorted from the BTreeMap, so insert cannot fail.
            terms.insert(term, postings.len() as u64).expect("terms are sorted and unique");
            format::write_postings(&mut postings, ids);
        }
        let terms = terms.into_inner().expect("writing to memory cannot fail");
        format::encode(&IndexParts { transcript: self.transcript.clone(), terms, postings })
    }
}

/// A validated index, ready to search.
pub struct Index {
    /// The episode: metadata, speakers, segments with their text.
    pub transcript: Transcript,
    terms: fst::Map<Vec<u8>>,
    postings: Vec<u8>,
}

impl Index {
    /// Reads and validates index bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Index, FormatError> {
        let parts = format::decode(bytes)?;
        let terms = fst::Map::new(parts.terms).map_err(|e| FormatError::Corrupt { section: "terms (fst)", what: e.to_string() })?;
        Ok(Index { transcript: parts.transcript, terms, postings: parts.postings })
    }

    /// The term dictionary.
    pub fn terms(&self) -> &fst::Map<Vec<u8>> {
        &self.terms
    }

    /// The segments containing `term` exactly (sorted ids), empty if none.
    pub fn postings(&self, term: &str) -> Vec<u32> {
        self.terms.get(term).map_or_else(Vec::new, |offset| self.postings_at(offset))
    }

    /// The postings list at an offset taken from the term dictionary.
    pub fn postings_at(&self, offset: u64) -> Vec<u32> {
        // Validated on load, so an error here is impossible; an empty list
        // is the safe answer all the same.
        format::read_postings(&self.postings, offset, self.transcript.segments.len() as u32).unwrap_or_default()
    }

    /// All terms matching an automaton, with their postings offsets.
    pub fn matching_terms<A: fst::Automaton>(&self, automaton: A) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        let mut stream = self.terms.search(automaton).into_stream();
        while let Some((term, offset)) = stream.next() {
            out.push((String::from_utf8_lossy(term).into_owned(), offset));
        }
        out
    }
}

/// Bytes per section of an encoded index (for `verbatim stats`).
pub fn section_sizes(bytes: &[u8]) -> Result<Vec<(Section, usize)>, FormatError> {
    Ok(format::sections(bytes)?.into_iter().map(|(s, b)| (s, b.len())).collect())
}
