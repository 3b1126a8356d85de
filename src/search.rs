//! Queries in, matching segments and highlight spans out.
//!
//! In: an [`Index`] and the query text a reader types (the query language in
//! PRODUCT.md), plus speaker ids to keep. Out: [`SearchResult`]: the number
//! of matching segments and their ids in time order; [`Matcher::spans`] (the result's `matcher`)
//! gives the byte ranges to highlight in one segment.
//!
//! Words are ANDed. Each word matches the same term, terms within a few
//! typos (none up to 4 letters, 1 up to 8, 2 beyond: Levenshtein automata
//! over the `fst`, plus one swap of neighbouring letters), and, for the last word, every term it begins (the reader
//! is still typing). A word also matches its letters split over two
//! adjacent words (`deepseek` finds `Deep Seek`), and two adjacent query
//! words match the one word they spell together (`deep seek` finds
//! `Deepseek`). `"Quoted words"` match only that exact sequence, in which a
//! word may also stand split or two words joined, as unquoted (`"deep
//! seek"` finds `Deepseek`, `"deepseek"` finds `Deep Seek`); so do the
//! characters of a Chinese, Japanese or Korean run, and one such character
//! matches the pairs it stands in (in a show's archive, those it begins).
//! An empty query (or one of punctuation alone) matches everything; one of
//! symbols alone (an emoji) matches nothing. Always holds: the query goes through the same
//! [`tokenize`](crate::tokenize) as the index, and hits are sorted.

use std::sync::Mutex;

use fst::automaton::{Automaton, Levenshtein, Str};

use crate::index::Index;
use crate::tokenize::{is_cjk, tokenize, Token};
use crate::transcript::SpeakerSelection;

/// Words longer than this are not given typo tolerance: no real word is
/// this long, and automata for huge strings are slow to build.
const MAX_TYPO_CHARS: usize = 24;
/// Longest word looked for split in two (`deepseek` as `deep seek`): no
/// two spoken words make a longer one, and each split point costs a
/// dictionary lookup of both halves (a pasted 40,000-letter word took
/// seconds).
pub(crate) const MAX_SPLIT_CHARS: usize = 64;
/// Most spellings a quoted phrase is looked for in (each split or joined
/// word doubles them).
const MAX_PHRASE_SPELLINGS: usize = 16;
/// Longest phrase, in words, also looked for split and joined.
const MAX_PHRASE_SPELLING_WORDS: usize = 32;
/// Expansion cache entries kept before the cache is cleared.
const CACHE_LIMIT: usize = 2048;

/// One thing every hit must contain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clause {
    /// A word: exact, typo-tolerant, and (when `prefix`) as a prefix.
    Word {
        /// The normalised term.
        term: String,
        /// Whether it is the last word, still being typed.
        prefix: bool,
    },
    /// Terms that must appear in this exact sequence.
    Phrase(Vec<String>),
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Everything a hit must contain, in query order.
    pub clauses: Vec<Clause>,
}

impl Query {
    /// Parses query text: quoted parts are phrases (an unclosed quote runs
    /// to the end), other words are words, the last word is a prefix.
    pub fn parse(text: &str) -> Query {
        let mut clauses = Vec::new();
        let mut quoted = false;
        for part in text.split(['"', '“', '”', '„']) {
            let tokens = tokenize(part);
            if quoted {
                if !tokens.is_empty() {
                    clauses.push(Clause::Phrase(tokens.into_iter().map(|t| t.term).collect()));
                }
            } else {
                push_words(&tokens, &mut clauses);
            }
            quoted = !quoted;
        }
        if clauses.is_empty() {
            // Symbols that no word is made of (`🚀`, `→`) find nothing;
            // only a query of punctuation and spaces is empty.
            let symbols: String = text.chars().filter(|&c| is_symbol(c)).collect();
            if !symbols.is_empty() {
                clauses.push(Clause::Word { term: symbols, prefix: false });
            }
        }
        if let Some(Clause::Word { prefix, .. }) = clauses.last_mut() {
            *prefix = true;
        }
        Query { clauses }
    }

    /// Whether the query has nothing to look for (it then matches everything).
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

/// Whether `c` is a symbol a reader may type but the tokenizer leaves out
/// of words (an emoji, an arrow), as opposed to whitespace, punctuation,
/// and the marks and joiners that only modify other characters. Letters
/// and digits never reach here: they make words.
fn is_symbol(c: char) -> bool {
    !c.is_ascii()
        && !c.is_whitespace()
        && !matches!(c,
            '\u{80}'..='\u{BF}'            // Latin-1 controls, punctuation, signs
            | '\u{300}'..='\u{36F}'        // combining marks
            | '\u{2000}'..='\u{206F}'      // general punctuation, joiners
            | '\u{2E00}'..='\u{2E7F}'      // supplemental punctuation
            | '\u{3000}'..='\u{303F}'      // CJK punctuation
            | '\u{FE00}'..='\u{FE6F}'      // variation selectors, vertical and small forms
            | '\u{FF00}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}'      // full-width punctuation
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E007F}') // tags (flag sequences)
}

/// Adds unquoted tokens as words, except that overlapping bigrams of one
/// Chinese/Japanese/Korean run become one phrase, so the run is found only
/// where its characters stand together.
fn push_words(tokens: &[Token], clauses: &mut Vec<Clause>) {
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i + 1;
        while j < tokens.len() && tokens[j].start < tokens[j - 1].end {
            j += 1;
        }
        if j - i > 1 {
            clauses.push(Clause::Phrase(tokens[i..j].iter().map(|t| t.term.clone()).collect()));
        } else {
            clauses.push(Clause::Word { term: tokens[i].term.clone(), prefix: false });
        }
        i = j;
    }
}

/// The answer to a query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResult {
    /// Matching segment ids, in time order.
    pub hits: Vec<u32>,
    /// What to highlight in each hit's text.
    pub matcher: Matcher,
}

impl SearchResult {
    /// The number of matching segments.
    pub fn total(&self) -> usize {
        self.hits.len()
    }
}

/// A piece of a segment's text, cut at highlight boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The text of the piece.
    pub text: &'a str,
    /// Whether it is a match (shown as `<mark>`).
    pub marked: bool,
}

/// What a word clause matches, for filtering and highlighting.
#[derive(Clone, Debug, Default)]
struct Expansion {
    /// Index terms the word matches (exact, typo, prefix), with postings offsets.
    terms: Vec<(String, u32)>,
    /// Adjacent term pairs that spell the word (`deep` `seek` for `deepseek`).
    splits: Vec<(String, String)>,
}

/// A query prepared against an index: which terms each clause matches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matcher {
    /// Single terms to highlight, sorted and distinct (a sorted list
    /// rather than a hash set: the widget's wasm then carries no hash
    /// table code; `Matcher::add_term`).
    terms: Vec<String>,
    /// Term sequences to highlight as one span (phrases, split words).
    sequences: Vec<Vec<String>>,
}

/// Searches one index, caching word expansions between keystrokes.
pub struct Searcher {
    index: Index,
    // A Mutex rather than a RefCell so the widget can share the searcher
    // with reactive closures, which must be Send + Sync.
    // A list, searched in order, rather than a hash map: at most
    // CACHE_LIMIT short keys, and no hash table code in the widget's wasm.
    cache: Mutex<Vec<(String, bool, Expansion)>>,
}

impl Searcher {
    /// A searcher over an index.
    pub fn new(index: Index) -> Searcher {
        Searcher { index, cache: Mutex::new(Vec::new()) }
    }

    /// The index searched.
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Runs a query, keeping only segments of the given speaker ids (see
    /// [`SpeakerSelection`]: unknown ids are ignored, none means everyone).
    pub fn search(&self, query: &Query, speakers: &[String]) -> SearchResult {
        let transcript = &self.index.transcript;
        let selection = SpeakerSelection::new(transcript, speakers);
        let mut matcher = Matcher::default();
        let mut result = SegmentSet::full(transcript.segments.len());
        let sets: Vec<SegmentSet> = self.clause_sets(query, &mut matcher);
        for set in &sets {
            result.and(set);
        }
        let hits = result.ids().filter(|&id| selection.includes(&transcript.segments[id as usize])).collect();
        SearchResult { hits, matcher }
    }

    /// The segments each clause matches, filling the matcher as it goes.
    fn clause_sets(&self, query: &Query, matcher: &mut Matcher) -> Vec<SegmentSet> {
        let n = self.index.transcript.segments.len();
        let mut sets = Vec::with_capacity(query.clauses.len());
        for clause in &query.clauses {
            let mut set = SegmentSet::empty(n);
            match clause {
                Clause::Word { term, prefix } => {
                    let expansion = self.expand(term, *prefix);
                    for (t, offset) in &expansion.terms {
                        set.add_all(self.index.postings_at(*offset));
                        matcher.add_term(t.clone());
                    }
                    for (a, b) in &expansion.splits {
                        let pair = vec![a.clone(), b.clone()];
                        for id in self.verified(&pair) {
                            set.add(id);
                        }
                        matcher.sequences.push(pair);
                    }
                }
                Clause::Phrase(terms) => {
                    // Split and joined spellings too, as unquoted words.
                    for spelling in phrase_spellings(&self.index, terms, Looseness::EPISODE) {
                        if let [term] = spelling.as_slice() {
                            set.add_all(self.index.postings(term));
                            matcher.add_term(term.clone());
                        } else {
                            for id in self.verified(&spelling) {
                                set.add(id);
                            }
                            matcher.sequences.push(spelling);
                        }
                    }
                }
            }
            sets.push(set);
        }
        // Two adjacent query words also match the one word they spell.
        for i in 1..query.clauses.len() {
            if let (Clause::Word { term: a, .. }, Clause::Word { term: b, prefix }) =
                (&query.clauses[i - 1], &query.clauses[i])
            {
                let joined = format!("{a}{b}");
                let terms = if *prefix {
                    self.index.matching_terms(Str::new(&joined).starts_with())
                } else {
                    self.index.ordinal(&joined).map(|o| vec![(joined.clone(), o)]).unwrap_or_default()
                };
                for (term, offset) in terms {
                    for &id in self.index.postings_at(offset) {
                        sets[i - 1].add(id);
                        sets[i].add(id);
                    }
                    matcher.add_term(term);
                }
            }
        }
        sets
    }

    /// Segments where `terms` stand in sequence: the postings' intersection,
    /// verified against the segment's own tokens (no positions are kept;
    /// BENCHMARKS.md has the measurement behind that choice).
    fn verified(&self, terms: &[String]) -> Vec<u32> {
        let mut candidates: Option<Vec<u32>> = None;
        for term in terms {
            let ids = self.index.postings(term);
            candidates = Some(match candidates {
                None => ids.to_vec(),
                Some(c) => intersect(&c, ids),
            });
            if candidates.as_ref().is_some_and(Vec::is_empty) {
                return Vec::new();
            }
        }
        let segments = &self.index.transcript.segments;
        candidates
            .unwrap_or_default()
            .into_iter()
            .filter(|&id| !find_sequences(&tokenize(&segments[id as usize].text), terms).is_empty())
            .collect()
    }

    /// The index terms a query word matches, cached per (word, prefix).
    fn expand(&self, word: &str, prefix: bool) -> Expansion {
        let cached = |(w, p, _): &&(String, bool, Expansion)| w == word && *p == prefix;
        if let Some((_, _, hit)) = self.cache.lock().unwrap_or_else(|e| e.into_inner()).iter().find(cached) {
            return hit.clone();
        }
        let (terms, splits) = expand_word(&self.index, word, prefix, Looseness::EPISODE);
        let terms = terms.into_iter().filter_map(|t| self.index.ordinal(&t).map(|o| (t, o))).collect();
        let expansion = Expansion { terms, splits };
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.push((word.to_string(), prefix, expansion.clone()));
        expansion
    }
}

/// A dictionary a query word is expanded against: one episode's, or the
/// part of a show's catalogue that a query has loaded.
pub(crate) trait TermSource {
    /// Whether the dictionary holds `term`.
    fn has(&self, term: &str) -> bool;
    /// The terms an automaton accepts, sorted.
    fn matching<A: Automaton>(&self, automaton: A) -> Vec<String>;
}

impl TermSource for Index {
    fn has(&self, term: &str) -> bool {
        self.ordinal(term).is_some()
    }

    fn matching<A: Automaton>(&self, automaton: A) -> Vec<String> {
        self.matching_terms(automaton).into_iter().map(|(term, _)| term).collect()
    }
}

/// How loosely a word matches: how much of it a typo never changes, and
/// how short each half of a split word may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Looseness {
    /// Leading characters a typo never changes (0: any).
    pub typo_anchor: usize,
    /// Fewest characters in each half of a split word.
    pub split_min: usize,
    /// Fewest characters a word needs to match as a prefix.
    pub prefix_min: usize,
    /// Whether one CJK character also matches the pairs it ends (it always
    /// matches those it begins, typed last or not: text in those scripts
    /// is indexed as overlapping pairs, so a character that ends a run is
    /// only in the pair it ends).
    pub cjk_ends: bool,
}

impl Looseness {
    /// One episode: its whole dictionary is at hand.
    pub const EPISODE: Looseness = Looseness { typo_anchor: 0, split_min: 1, prefix_min: 1, cjk_ends: true };
    /// A show: typos keep the first two letters, split halves have three
    /// or more, and a word is a prefix from two letters on (one letter
    /// begins thousands of a show's terms), so that a word needs only the
    /// dictionary shards of its own first letters and few postings
    /// (BENCHMARKS.md has what each costs in bytes fetched). One CJK
    /// character matches the pairs it begins, not those it ends (they lie
    /// in every shard).
    #[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
    pub const ARCHIVE: Looseness = Looseness { typo_anchor: 2, split_min: 3, prefix_min: 2, cjk_ends: false };
}

/// Whether `word` is one CJK character: in the scripts indexed as
/// overlapping pairs, a word of its own that matches the pairs holding it.
pub(crate) fn is_one_cjk(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(is_cjk) && chars.next().is_none()
}

/// The terms whose last character is `c` (an automaton over a dictionary:
/// it reads every key).
struct EndsWith {
    bytes: [u8; 4],
    len: usize,
}

impl EndsWith {
    fn new(c: char) -> EndsWith {
        let mut bytes = [0; 4];
        let len = c.encode_utf8(&mut bytes).len();
        EndsWith { bytes, len }
    }
}

impl Automaton for EndsWith {
    /// How many of `c`'s bytes the key read so far ends with (UTF-8: a
    /// character's first byte never continues another, so a mismatch
    /// starts over).
    type State = usize;

    fn start(&self) -> usize {
        0
    }

    fn is_match(&self, state: &usize) -> bool {
        *state == self.len
    }

    fn accept(&self, state: &usize, byte: u8) -> usize {
        if *state < self.len && self.bytes[*state] == byte {
            state + 1
        } else {
            usize::from(self.bytes[0] == byte)
        }
    }
}

/// What a query word matches in a dictionary: the terms (exact, typos and,
/// when `prefix`, every term it begins), sorted and distinct, and the pairs
/// of terms that spell it split in two (`deep` `seek` for `deepseek`).
pub(crate) fn expand_word<S: TermSource>(
    source: &S,
    word: &str,
    prefix: bool,
    looseness: Looseness,
) -> (Vec<String>, Vec<(String, String)>) {
    let mut terms: Vec<String> = if source.has(word) { vec![word.to_string()] } else { Vec::new() };
    let one_cjk = is_one_cjk(word);
    if (prefix && word.chars().count() >= looseness.prefix_min) || one_cjk {
        terms.extend(source.matching(Str::new(word).starts_with()));
    }
    if let Some(c) = word.chars().next().filter(|_| one_cjk && looseness.cjk_ends) {
        terms.extend(source.matching(EndsWith::new(c)));
    }
    let distance = typo_distance(word);
    let chars: Vec<char> = word.chars().collect();
    if distance > 0 && chars.len() > looseness.typo_anchor {
        // The automaton can refuse a huge state space; fewer typos then.
        let automaton = (1..=distance).rev().find_map(|d| Levenshtein::new(word, d).ok());
        if let Some(lev) = automaton {
            if looseness.typo_anchor == 0 {
                terms.extend(source.matching(&lev));
            } else {
                let anchor: String = chars[..looseness.typo_anchor].iter().collect();
                terms.extend(source.matching((&lev).intersection(Str::new(&anchor).starts_with())));
            }
        }
        // Swapped neighbours (`hangzhuo`) are the commonest typo but cost
        // two Levenshtein edits, so they are looked up directly.
        for i in (looseness.typo_anchor + 1).max(1)..chars.len() {
            let mut swapped = chars.clone();
            swapped.swap(i - 1, i);
            let swapped: String = swapped.into_iter().collect();
            if source.has(&swapped) {
                terms.push(swapped);
            }
        }
    }
    // Equal entries are identical, so an unstable sort gives the same
    // list, without a second sort algorithm in the wasm.
    terms.sort_unstable();
    terms.dedup();

    (terms, split_pairs(source, word, looseness))
}

/// The pairs of terms that spell `word` split in two (`deep` `seek` for
/// `deepseek`), each half at least `looseness.split_min` characters.
fn split_pairs<S: TermSource>(source: &S, word: &str, looseness: Looseness) -> Vec<(String, String)> {
    let chars = word.chars().count();
    let split_points = if chars <= MAX_SPLIT_CHARS { chars } else { 0 };
    let mut splits = Vec::new();
    for (at, _) in word.char_indices().take(split_points).skip(looseness.split_min) {
        let (a, b) = word.split_at(at);
        if b.chars().count() >= looseness.split_min && source.has(a) && source.has(b) {
            splits.push((a.to_string(), b.to_string()));
        }
    }
    splits
}

/// The spellings a quoted phrase is found in: its words as typed first,
/// then with a word split in two (`"deepseek"` finds `Deep Seek`) or two
/// neighbours joined (`"deep seek"` finds `Deepseek`) wherever the
/// dictionary holds the parts, at most [`MAX_PHRASE_SPELLINGS`]. A
/// Chinese, Japanese or Korean run (overlapping pairs) only as typed.
pub(crate) fn phrase_spellings<S: TermSource>(source: &S, terms: &[String], looseness: Looseness) -> Vec<Vec<String>> {
    // A pasted page in quotes is looked for as typed: each word is a level
    // of the search below, and the widget's stack is small.
    if terms.len() > MAX_PHRASE_SPELLING_WORDS || terms.iter().any(|t| t.chars().any(is_cjk)) {
        return vec![terms.to_vec()];
    }
    let mut spellings = Vec::new();
    spell(source, terms, looseness, &mut Vec::new(), &mut spellings);
    spellings
}

/// Adds to `spellings` every spelling of `rest` after `so_far`.
fn spell<S: TermSource>(
    source: &S,
    rest: &[String],
    looseness: Looseness,
    so_far: &mut Vec<String>,
    spellings: &mut Vec<Vec<String>>,
) {
    if spellings.len() >= MAX_PHRASE_SPELLINGS {
        return;
    }
    let Some((word, after)) = rest.split_first() else {
        spellings.push(so_far.clone());
        return;
    };
    let mut then = |parts: &[String], after: &[String], so_far: &mut Vec<String>| {
        let len = so_far.len();
        so_far.extend_from_slice(parts);
        spell(source, after, looseness, so_far, spellings);
        so_far.truncate(len);
    };
    then(std::slice::from_ref(word), after, so_far);
    for (a, b) in split_pairs(source, word, looseness) {
        then(&[a, b], after, so_far);
    }
    if let Some((next, after_next)) = after.split_first() {
        let joined = format!("{word}{next}");
        if source.has(&joined) {
            then(&[joined], after_next, so_far);
        }
    }
}

impl Matcher {
    /// A matcher for these terms and term sequences.
    #[cfg(any(not(target_arch = "wasm32"), feature = "archive-widget"))]
    pub(crate) fn new(terms: impl IntoIterator<Item = String>, sequences: Vec<Vec<String>>) -> Matcher {
        let mut terms: Vec<String> = terms.into_iter().collect();
        terms.sort_unstable();
        terms.dedup();
        Matcher { terms, sequences }
    }

    /// Highlights `term` too.
    fn add_term(&mut self, term: String) {
        if let Err(at) = self.terms.binary_search(&term) {
            self.terms.insert(at, term);
        }
    }

    /// Whether `term` is highlighted on its own.
    fn has_term(&self, term: &str) -> bool {
        self.terms.binary_search_by(|t| t.as_str().cmp(term)).is_ok()
    }

    /// Whether nothing is highlighted (the empty query).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.sequences.is_empty()
    }

    /// `text` cut into marked and unmarked pieces, in order, covering it
    /// all: what the widget renders with `<mark>` and the CLI brackets.
    pub fn pieces<'a>(&self, text: &'a str) -> Vec<Piece<'a>> {
        let mut out = Vec::new();
        let mut at = 0;
        for (a, b) in self.spans(text) {
            if a > at {
                out.push(Piece { text: &text[at..a], marked: false });
            }
            out.push(Piece { text: &text[a..b], marked: true });
            at = b;
        }
        if at < text.len() || out.is_empty() {
            out.push(Piece { text: &text[at..], marked: false });
        }
        out
    }

    /// Byte ranges of `text` to highlight, sorted and non-overlapping.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        if self.terms.is_empty() && self.sequences.is_empty() {
            return Vec::new();
        }
        let tokens = tokenize(text);
        let mut spans: Vec<(usize, usize)> =
            tokens.iter().filter(|t| self.has_term(&t.term)).map(|t| (t.start, t.end)).collect();
        for sequence in &self.sequences {
            spans.extend(find_sequences(&tokens, sequence));
        }
        spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        for (start, end) in spans {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        merged
    }
}

/// Typos tolerated in a word, by its length in characters.
pub(crate) fn typo_distance(word: &str) -> u32 {
    let chars = word.chars().count();
    if chars > MAX_TYPO_CHARS || word.chars().any(|c| c.is_ascii_digit() || is_cjk(c)) {
        return 0;
    }
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Spans of every place `terms` stand in sequence among `tokens`.
pub(crate) fn find_sequences(tokens: &[Token], terms: &[String]) -> Vec<(usize, usize)> {
    if terms.is_empty() || tokens.len() < terms.len() {
        return Vec::new();
    }
    tokens
        .windows(terms.len())
        .filter(|w| w.iter().zip(terms).all(|(t, term)| &t.term == term))
        .map(|w| (w[0].start, w[w.len() - 1].end))
        .collect()
}

/// The items two sorted, distinct lists share, sorted.
pub(crate) fn intersect<T: Ord + Copy>(a: &[T], b: &[T]) -> Vec<T> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// A set of segment ids as a bitset: unions of many postings lists and
/// intersections across clauses stay linear in the number of segments.
struct SegmentSet {
    bits: Vec<u64>,
}

impl SegmentSet {
    fn empty(n: usize) -> SegmentSet {
        SegmentSet { bits: vec![0; n.div_ceil(64)] }
    }

    fn full(n: usize) -> SegmentSet {
        let mut set = SegmentSet { bits: vec![u64::MAX; n.div_ceil(64)] };
        if !n.is_multiple_of(64) {
            if let Some(last) = set.bits.last_mut() {
                *last = (1u64 << (n % 64)) - 1;
            }
        }
        set
    }

    fn add(&mut self, id: u32) {
        if let Some(word) = self.bits.get_mut(id as usize / 64) {
            *word |= 1 << (id % 64);
        }
    }

    fn add_all(&mut self, ids: &[u32]) {
        for &id in ids {
            self.add(id);
        }
    }

    fn and(&mut self, other: &SegmentSet) {
        for (a, b) in self.bits.iter_mut().zip(&other.bits) {
            *a &= b;
        }
    }

    fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.bits
            .iter()
            .enumerate()
            .flat_map(|(w, &bits)| (0..64).filter(move |b| bits & (1 << b) != 0).map(move |b| (w * 64 + b) as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::IndexBuilder;
    use crate::transcript::{Segment, Speaker, Transcript};

    fn searcher(texts: &[(&str, u16)]) -> Searcher {
        let transcript = Transcript {
            speakers: vec![
                Speaker { id: "ann".into(), name: "Ann".into(), role: String::new() },
                Speaker { id: "bo".into(), name: "Bo".into(), role: String::new() },
            ],
            segments: texts
                .iter()
                .enumerate()
                .map(|(i, (text, speaker))| Segment {
                    start: i as u32 * 1000,
                    end: i as u32 * 1000 + 900,
                    speaker: Some(*speaker),
                    text: text.to_string(),
                    words: Vec::new(),
                })
                .collect(),
            ..Transcript::default()
        };
        Searcher::new(Index::from_bytes(&IndexBuilder::new(&transcript).build()).unwrap())
    }

    fn hits(s: &Searcher, q: &str) -> Vec<u32> {
        s.search(&Query::parse(q), &[]).hits
    }

    fn marked(s: &Searcher, q: &str, id: usize) -> Vec<String> {
        let text = &s.index().transcript.segments[id].text;
        s.search(&Query::parse(q), &[]).matcher.spans(text).into_iter().map(|(a, b)| text[a..b].to_string()).collect()
    }

    const TEXTS: [(&str, u16); 6] = [
        ("Was Deepseek an outlier?", 0),
        ("Deep Seek changed how the world viewed scaling laws.", 1),
        ("Hangzhou is home to six dragons.", 1),
        ("Open-source models win.", 0),
        ("Robots in Hangzhou, robots everywhere.", 1),
        ("人工智能 in China", 1),
    ];

    #[test]
    fn pieces_cover_the_text_and_mark_the_matches() {
        let s = searcher(&TEXTS);
        let result = s.search(&Query::parse("hangzhou robots"), &[]);
        let text = &s.index().transcript.segments[4].text;
        let pieces = result.matcher.pieces(text);
        assert_eq!(pieces.iter().map(|p| p.text).collect::<String>(), *text);
        let marked: Vec<&str> = pieces.iter().filter(|p| p.marked).map(|p| p.text).collect();
        assert_eq!(marked, ["Robots", "Hangzhou", "robots"]);
        assert_eq!(Matcher::default().pieces("plain"), [Piece { text: "plain", marked: false }]);
        assert_eq!(Matcher::default().pieces(""), [Piece { text: "", marked: false }]);
    }

    #[test]
    fn the_speaker_selection_is_the_lists_and_searchs() {
        let s = searcher(&TEXTS);
        let t = &s.index().transcript;
        let ids = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let ann = SpeakerSelection::new(t, &ids(&["ann"]));
        assert_eq!(ann.segments(t), [0, 3]);
        assert_eq!(s.search(&Query::parse(""), &ids(&["ann"])).hits, [0, 3]);
        // Unknown ids are ignored: everyone.
        assert!(SpeakerSelection::new(t, &ids(&["zed"])).is_everyone());
        assert_eq!(s.search(&Query::parse(""), &ids(&["zed"])).hits.len(), TEXTS.len());
        // A known speaker with no segments: nothing, in both.
        let mut silent = (**t).clone();
        silent.speakers.push(Speaker { id: "cy".into(), name: "Cy".into(), role: String::new() });
        assert!(SpeakerSelection::new(&silent, &ids(&["cy"])).segments(&silent).is_empty());
    }

    #[test]
    fn words_are_anded_and_last_is_a_prefix() {
        let s = searcher(&TEXTS);
        assert_eq!(hits(&s, "hangzhou robots"), [4]);
        assert_eq!(hits(&s, "hangz"), [2, 4]);
        assert_eq!(hits(&s, "hangz robots"), Vec::<u32>::new());
    }

    #[test]
    fn typos_are_tolerated_by_length() {
        let s = searcher(&TEXTS);
        assert_eq!(hits(&s, "hangzhuo"), [2, 4]);
        assert_eq!(hits(&s, "outlyer"), [0]);
        assert_eq!(hits(&s, "dragins six"), [2]);
        assert!(hits(&s, "sxi dragons").is_empty(), "no typos in short words");
    }

    #[test]
    fn split_and_joined_words_find_each_other() {
        let s = searcher(&TEXTS);
        assert_eq!(hits(&s, "deepseek"), [0, 1]);
        assert_eq!(hits(&s, "deep seek"), [0, 1]);
        assert_eq!(hits(&s, "opensource"), [3]);
        assert_eq!(marked(&s, "deepseek", 1), ["Deep Seek"]);
        assert_eq!(marked(&s, "deep seek", 0), ["Deepseek"]);
    }

    #[test]
    fn phrases_match_only_in_sequence() {
        let s = searcher(&TEXTS);
        assert_eq!(hits(&s, "\"six dragons\""), [2]);
        assert!(hits(&s, "\"dragons six\"").is_empty());
        assert_eq!(hits(&s, "\"open source\" models"), [3]);
        assert_eq!(marked(&s, "\"open source\"", 3), ["Open-source"]);
        // A phrase also finds its joined spelling, highlighted whole.
        assert_eq!(hits(&s, "\"deep seek\""), [0, 1]);
        assert_eq!(marked(&s, "\"deep seek\"", 0), ["Deepseek"]);
    }

    #[test]
    fn quoted_words_find_their_split_and_joined_spellings() {
        let s = searcher(&TEXTS);
        // A quoted word split in two, alone or within a phrase.
        assert_eq!(hits(&s, "\"deepseek\""), [0, 1]);
        assert_eq!(marked(&s, "\"deepseek\"", 1), ["Deep Seek"]);
        assert_eq!(hits(&s, "\"deepseek changed\""), [1]);
        assert_eq!(marked(&s, "\"deepseek changed\"", 1), ["Deep Seek changed"]);
        assert_eq!(hits(&s, "\"opensource models\""), [3]);
        // Two words joined within a longer phrase.
        assert_eq!(hits(&s, "\"was deep seek an\""), [0]);
        assert_eq!(marked(&s, "\"was deep seek an\"", 0), ["Was Deepseek an"]);
        // Still only in sequence.
        assert!(hits(&s, "\"changed deepseek\"").is_empty());
        assert!(hits(&s, "\"seek deep\"").is_empty());
    }

    #[test]
    fn a_phrase_has_a_bounded_number_of_spellings() {
        let s = searcher(&[("deep seek deep seek deep seek deep seek deep seek deep seek", 0)]);
        let terms: Vec<String> = std::iter::repeat_n("deepseek".to_string(), 8).collect();
        assert_eq!(phrase_spellings(s.index(), &terms, Looseness::EPISODE).len(), MAX_PHRASE_SPELLINGS);
        assert_eq!(hits(&s, "\"deepseek deepseek deepseek\""), [0]);
        // A phrase longer than any quote is looked for only as typed.
        let long: Vec<String> = std::iter::repeat_n("deepseek".to_string(), 40).collect();
        assert_eq!(phrase_spellings(s.index(), &long, Looseness::EPISODE), vec![long.clone()]);
        assert!(hits(&s, &format!("\"{}\"", "deep seek ".repeat(5_000))).is_empty());
        let cjk = vec!["人工".to_string(), "工智".to_string()];
        assert_eq!(phrase_spellings(s.index(), &cjk, Looseness::EPISODE), vec![cjk.clone()]);
    }

    #[test]
    fn case_accents_punctuation_do_not_matter() {
        let s = searcher(&TEXTS);
        assert_eq!(hits(&s, "HÁNGZHÔU!!"), [2, 4]);
        assert_eq!(hits(&s, "..."), [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn symbols_alone_find_nothing_and_punctuation_alone_is_empty() {
        let s = searcher(&TEXTS);
        for q in ["🚀", "→", " 🇨🇳 ", "👍🏽", "⭐️"] {
            assert!(!Query::parse(q).is_empty(), "{q}");
            assert!(hits(&s, q).is_empty(), "{q}");
        }
        for q in ["...", "“ ”", "—", "¿?", "\u{200D}", "  "] {
            assert!(Query::parse(q).is_empty(), "{q:?}");
        }
        // Beside words, a symbol is left out, as in the text.
        assert_eq!(hits(&s, "hangzhou 🚀"), [2, 4]);
    }

    #[test]
    fn cjk_runs_are_found_as_phrases() {
        let s = searcher(&TEXTS);
        assert_eq!(hits(&s, "智能"), [5]);
        assert_eq!(hits(&s, "人工智能"), [5]);
        assert!(hits(&s, "智人").is_empty());
        assert_eq!(marked(&s, "工智", 5), ["工智"]);
    }

    #[test]
    fn one_cjk_character_finds_every_segment_holding_it_typed_last_or_not() {
        let texts = [("我喜欢猫。", 0), ("他也喜欢狗和猫", 1), ("猫很可爱", 0), ("猫", 1), ("狗", 0), ("cats", 1)];
        let s = searcher(&texts);
        // At a run's end (only in the pair it ends), its start, alone.
        assert_eq!(hits(&s, "猫"), [0, 1, 2, 3]);
        assert_eq!(hits(&s, "猫 cats"), Vec::<u32>::new());
        assert_eq!(hits(&s, "猫 很"), [2], "not only as the word typed last");
        assert_eq!(hits(&s, "狗"), [1, 4]);
        assert_eq!(marked(&s, "猫", 0), ["欢猫"]);
    }

    #[test]
    fn speakers_filter_hits() {
        let s = searcher(&TEXTS);
        let only = |q: &str, who: &[&str]| {
            s.search(&Query::parse(q), &who.iter().map(|w| w.to_string()).collect::<Vec<_>>()).hits
        };
        assert_eq!(only("", &["ann"]), [0, 3]);
        assert_eq!(only("hangzhou", &["ann"]), Vec::<u32>::new());
        assert_eq!(only("deepseek", &["bo", "nobody"]), [1]);
        assert_eq!(only("", &["nobody"]), [0, 1, 2, 3, 4, 5], "unknown ids are ignored");
    }

    #[test]
    fn highlights_prefix_and_typo_matches() {
        let s = searcher(&TEXTS);
        assert_eq!(marked(&s, "robot", 4), ["Robots", "robots"]);
        assert_eq!(marked(&s, "hangzhuo is", 2), ["Hangzhou", "is"]);
    }

    #[test]
    fn pathological_queries_answer() {
        let s = searcher(&TEXTS);
        assert!(hits(&s, &"x".repeat(10_000)).is_empty());
        assert!(hits(&s, &"hangzhou ".repeat(200)).len() == 2);
        assert_eq!(hits(&s, &"?!,.".repeat(2_500)).len(), 6);
        assert!(hits(&s, "\"unclosed phrase").is_empty());
    }
}
