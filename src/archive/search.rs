//! Search a whole show through its catalogue, fetching only what a query
//! needs.
//!
//! In: a [`Request`] and the catalogue files loaded so far ([`Loaded`]).
//! Out: a [`Step`]: either the files still needed (the caller fetches them,
//! adds them with [`Loaded::add`] and asks again), or the [`ArchiveResult`].
//! The widget fetches over the network, the CLI reads from disk; both run
//! this same code, so they give the same results.
//!
//! The query language is the episode's ([`Query`]): words ANDed, the last
//! also a prefix, typos, split and joined words, phrases, CJK runs. Three
//! limits keep a query's files few: a typo never changes a word's first two
//! letters, a split word's halves have three letters or more, and a word is
//! a prefix from two letters on (`Looseness::ARCHIVE`). An empty query
//! finds nothing.
//!
//! A search runs in phases, each needing files the previous one names: the
//! dictionary shards of the query's key ranges; the postings of the terms
//! found; then, for the episodes shown, their metadata, the positions of
//! the words of phrases and split words in their candidate segments (the
//! runs of positions files that hold those episodes), and the text of the
//! snippets shown. A phrase of the show's common words is found by the
//! pairs of its neighbouring words, which the dictionary holds too (the
//! format module): two words by their pair's postings alone, more by their
//! pairs' positions, so `"i think the"` needs neither the long lists of
//! its words nor their positions in most episodes. With a speaker filter,
//! candidates are checked in their text instead (it names the speaker):
//! first the candidates the page's
//! snippets need, then the others ([`Step::Partial`] in between, so the
//! page can be shown while its counts are finished). Episodes not shown
//! are counted from their postings alone, so their counts are upper bounds
//! (`exact: false`) when the query has a phrase, a split word or a speaker
//! filter. Always holds: every shown hit matches every clause, verified by
//! its words' positions or in its text; hits are in time order; no file
//! content can make it panic.

use std::collections::{HashMap, HashSet};

use fst::automaton::Automaton;
use fst::{IntoStreamer, Streamer};

use super::format::{self, EpisodeMeta, FileId, Manifest, PostingsFile, SpeakerEntry, TermInfo, TextSegment};
use crate::index::FormatError;
use crate::search::{
    expand_word, find_sequences, intersect, phrase_spellings, Clause, Looseness, Matcher, Query, TermSource,
};
use crate::tokenize::{is_cjk, normalize, tokenize};
use crate::transcript::Millis;

/// What to search for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    /// The query text.
    pub query: String,
    /// Speaker names or ids to keep (case-insensitive); empty keeps everyone.
    pub speakers: Vec<String>,
    /// Newest first instead of most matches first.
    pub newest_first: bool,
    /// Episodes to show with their hits (`None`: all).
    pub episodes: Option<usize>,
    /// Hits to return per shown episode (`None`: all), earliest first.
    pub hits_per_episode: Option<usize>,
}

/// One matching segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchiveHit {
    /// Segment id in its episode.
    pub segment: u32,
    /// Start time.
    pub start: Millis,
    /// Speaker id, if known.
    pub speaker: Option<String>,
    /// Speaker name, if known.
    pub speaker_name: Option<String>,
    /// The segment's text.
    pub text: String,
    /// Byte ranges of `text` to highlight.
    pub spans: Vec<(usize, usize)>,
}

/// One episode with matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EpisodeHits {
    /// Episode number (oldest first).
    pub number: u32,
    /// Folder name.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Date.
    pub date: String,
    /// Matching segments in the episode.
    pub total: usize,
    /// The first hits, in time order.
    pub hits: Vec<ArchiveHit>,
    /// The ids, in this episode, of the speakers the request chose (for
    /// links that open the episode with the same filter); empty without one.
    pub speakers: Vec<String>,
}

/// The answer to a request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArchiveResult {
    /// Matching segments in the whole show (an upper bound unless `exact`).
    pub total: usize,
    /// Episodes with matches (an upper bound unless `exact`).
    pub episodes_total: usize,
    /// Whether the totals were all verified.
    pub exact: bool,
    /// The episodes shown, in the requested order.
    pub episodes: Vec<EpisodeHits>,
}

/// What a search step concluded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Fetch these files, add them, and ask again.
    Need(Vec<FileId>),
    /// What the page shows is ready (its episodes and their snippets,
    /// verified), but some counts are upper bounds until these files (the
    /// text of other candidates) are added: show it, fetch them, ask again.
    Partial(ArchiveResult, Vec<FileId>),
    /// The answer.
    Done(ArchiveResult),
}

/// A dictionary shard, ready to search.
struct Shard {
    /// Term → its position in `infos`.
    map: fst::Map<Vec<u8>>,
    infos: Vec<TermInfo>,
}

/// The catalogue files loaded so far, decoded.
#[derive(Default)]
pub struct Loaded {
    manifest: Option<Manifest>,
    speakers: Option<Vec<SpeakerEntry>>,
    episodes: HashMap<u32, Vec<EpisodeMeta>>,
    shards: HashMap<u32, Shard>,
    postings: HashMap<u32, PostingsFile>,
    texts: HashMap<(u32, u32), Vec<TextSegment>>,
    /// Positions files loaded: (postings file, run).
    positions_files: HashSet<(u32, u32)>,
    /// (postings file, term's offset, episode) → the term's positions
    /// lists there.
    positions: HashMap<(u32, u32, u32), Vec<Vec<u32>>>,
    /// The manifest's build number, which every other file must have.
    build: Option<u16>,
}

impl Loaded {
    /// Decodes and keeps a fetched file. Its error says what to do as a
    /// catalogue file's ([`FormatError::in_catalogue`]); a file of another
    /// build than the manifest's is refused ([`FormatError::OtherBuild`]).
    pub fn add(&mut self, file: FileId, bytes: &[u8]) -> Result<(), FormatError> {
        let build = format::build_of(bytes);
        if file != FileId::Manifest && self.build.is_some() && build.is_some() && build != self.build {
            return Err(FormatError::OtherBuild.in_catalogue());
        }
        self.decode(file, bytes).map_err(FormatError::in_catalogue)?;
        if file == FileId::Manifest {
            self.build = build;
        }
        Ok(())
    }

    fn decode(&mut self, file: FileId, bytes: &[u8]) -> Result<(), FormatError> {
        match file {
            FileId::Manifest => self.manifest = Some(format::decode_manifest(bytes)?),
            FileId::Speakers => self.speakers = Some(format::decode_speakers(bytes)?),
            FileId::Episodes(n) => {
                self.episodes.insert(n, format::decode_episodes(bytes)?);
            }
            FileId::Dict(n) => {
                let terms = format::decode_dict(bytes)?;
                // Sorted and distinct (checked by the decoder), so the
                // builder cannot fail; the error is mapped, not unwrapped.
                let map = fst::Map::from_iter(terms.iter().enumerate().map(|(i, (t, _))| (t.as_bytes(), i as u64)))
                    .map_err(|_| FormatError::Corrupt {
                        section: "dictionary shard",
                        what: "its terms could not be put in a dictionary".into(),
                    })?;
                self.shards.insert(n, Shard { map, infos: terms.into_iter().map(|(_, info)| info).collect() });
            }
            FileId::Postings(n) => {
                self.postings.insert(n, format::decode_postings(bytes)?);
            }
            FileId::Text(e, n) => {
                self.texts.insert((e, n), format::decode_text(bytes)?);
            }
            FileId::Positions(n, run) => {
                for entry in format::decode_positions(bytes)? {
                    let lists = format::position_lists(&entry.lists)?;
                    self.positions.insert((n, entry.offset, entry.episode), lists);
                }
                self.positions_files.insert((n, run));
            }
        }
        Ok(())
    }

    /// Whether a file is loaded.
    pub fn has_file(&self, file: FileId) -> bool {
        match file {
            FileId::Manifest => self.manifest.is_some(),
            FileId::Speakers => self.speakers.is_some(),
            FileId::Episodes(n) => self.episodes.contains_key(&n),
            FileId::Dict(n) => self.shards.contains_key(&n),
            FileId::Postings(n) => self.postings.contains_key(&n),
            FileId::Text(e, n) => self.texts.contains_key(&(e, n)),
            FileId::Positions(n, run) => self.positions_files.contains(&(n, run)),
        }
    }

    /// The manifest, once loaded.
    pub fn manifest(&self) -> Option<&Manifest> {
        self.manifest.as_ref()
    }

    /// The show's speakers, once loaded.
    pub fn speakers(&self) -> Option<&[SpeakerEntry]> {
        self.speakers.as_deref()
    }

    /// Where a term's postings are, if its shard is loaded and holds it.
    fn info(&self, term: &str) -> Option<TermInfo> {
        let shard = self.shards.get(&shard_of(self.manifest.as_ref()?, term))?;
        shard.infos.get(shard.map.get(term)? as usize).copied()
    }
}

/// The loaded shards as one dictionary (the planner loads every shard a
/// word's expansion can reach before it is expanded).
impl TermSource for Loaded {
    fn has(&self, term: &str) -> bool {
        self.info(term).is_some()
    }

    fn matching<A: Automaton>(&self, automaton: A) -> Vec<String> {
        let mut shards: Vec<(&u32, &Shard)> = self.shards.iter().collect();
        shards.sort_unstable_by_key(|(n, _)| **n);
        let mut out = Vec::new();
        for (_, shard) in shards {
            let mut stream = shard.map.search(&automaton).into_stream();
            while let Some((term, _)) = stream.next() {
                let term = String::from_utf8_lossy(term);
                // Pairs of words are keys, not words a query can match.
                if !format::is_pair(&term) {
                    out.push(term.into_owned());
                }
            }
        }
        out
    }
}

/// The shard whose key range holds `term`.
fn shard_of(manifest: &Manifest, term: &str) -> u32 {
    manifest.shards.partition_point(|first| first.as_str() <= term).saturating_sub(1) as u32
}

/// The shards overlapping the terms that start with `prefix`.
fn shards_of_prefix(manifest: &Manifest, prefix: &str) -> impl Iterator<Item = u32> {
    let first = shard_of(manifest, prefix);
    let last = match successor(prefix) {
        Some(after) => manifest.shards.partition_point(|s| s.as_str() < after.as_str()).saturating_sub(1) as u32,
        None => manifest.shards.len().saturating_sub(1) as u32,
    };
    first..=last.max(first)
}

/// The smallest string greater than every string starting with `prefix`.
fn successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = (last as u32).checked_add(1).and_then(char::from_u32) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// What one clause matches: segments certain to match, and term sequences
/// (phrases, split words) whose segments must be checked in their text.
#[derive(Default)]
struct ClauseMatch {
    certain: Vec<u64>,
    sequences: Vec<Sequence>,
}

/// A sequence of words a clause matches, and how it is found.
struct Sequence {
    /// The keys whose postings give its candidates and whose positions,
    /// consecutive, verify it: its words, or their pairs.
    found_by: Vec<String>,
    /// Its words, as a segment's text is verified.
    words: Vec<String>,
    /// Segments holding every key of `found_by`, sorted.
    candidates: Vec<u64>,
}

/// How a clause is looked for: keys whose segments match outright, the
/// sequences to verify, and sequences shown though found outright.
#[derive(Default)]
struct Plan {
    outright: Vec<String>,
    /// (keys that find and verify it, its words).
    sequences: Vec<(Vec<String>, Vec<String>)>,
    /// Word sequences highlighted, found by an outright pair.
    shown: Vec<Vec<String>>,
}

/// The pairs of neighbouring words of a phrase of two or more common words
/// (the manifest's), as the dictionary keys them; `None` otherwise.
fn common_pairs(manifest: &Manifest, words: &[String]) -> Option<Vec<String>> {
    let common = |w: &String| manifest.common.binary_search(w).is_ok();
    (words.len() >= 2 && words.iter().all(common))
        .then(|| words.windows(2).map(|w| format::pair_key(&w[0], &w[1])).collect())
}

/// A segment's key: episode in the high half, segment in the low.
/// The shards holding the halves `term` can split into (each at least
/// `Looseness::ARCHIVE.split_min` characters).
fn split_shards<'a>(manifest: &'a Manifest, term: &str) -> impl Iterator<Item = u32> + 'a {
    let chars: Vec<char> = term.chars().collect();
    let min = Looseness::ARCHIVE.split_min;
    let splittable = if chars.len() <= crate::search::MAX_SPLIT_CHARS { chars.len() } else { 0 };
    (min..splittable.saturating_sub(min - 1)).flat_map(move |at| {
        let a: String = chars[..at].iter().collect();
        let b: String = chars[at..].iter().collect();
        [shard_of(manifest, &a), shard_of(manifest, &b)]
    })
}

fn key(episode: u32, segment: u32) -> u64 {
    (u64::from(episode) << 32) | u64::from(segment)
}

fn split_key(key: u64) -> (u32, u32) {
    ((key >> 32) as u32, key as u32)
}

/// Runs one step of a search.
pub fn step(loaded: &Loaded, request: &Request) -> Step {
    let Some(manifest) = loaded.manifest.as_ref() else {
        return Step::Need(vec![FileId::Manifest]);
    };
    let query = Query::parse(&request.query);
    if query.is_empty() || manifest.episodes == 0 {
        return Step::Done(ArchiveResult { exact: true, ..ArchiveResult::default() });
    }

    // Phase 1: the dictionary shards every clause can reach.
    let mut need: Vec<FileId> = Vec::new();
    let mut want_shards = |terms: &mut dyn Iterator<Item = u32>| {
        for n in terms {
            if !loaded.has_file(FileId::Dict(n)) {
                need.push(FileId::Dict(n));
            }
        }
    };
    for (i, clause) in query.clauses.iter().enumerate() {
        match clause {
            Clause::Word { term, prefix } => {
                want_shards(&mut std::iter::once(shard_of(manifest, term)));
                if (*prefix && term.chars().count() >= Looseness::ARCHIVE.prefix_min) || crate::search::is_one_cjk(term)
                {
                    want_shards(&mut shards_of_prefix(manifest, term));
                }
                let chars: Vec<char> = term.chars().collect();
                if crate::search::typo_distance(term) > 0 {
                    let anchor: String = chars[..Looseness::ARCHIVE.typo_anchor.min(chars.len())].iter().collect();
                    want_shards(&mut shards_of_prefix(manifest, &anchor));
                }
                want_shards(&mut split_shards(manifest, term));
                // Joined with the next word (`deep seek` → `deepseek`).
                if let Some(Clause::Word { term: next, prefix }) = query.clauses.get(i + 1) {
                    let joined = format!("{term}{next}");
                    want_shards(&mut std::iter::once(shard_of(manifest, &joined)));
                    if *prefix {
                        want_shards(&mut shards_of_prefix(manifest, &joined));
                    }
                }
            }
            Clause::Phrase(terms) => {
                // Each word, its halves, each pair of neighbours joined, and
                // the pairs of common words.
                want_shards(&mut terms.iter().map(|t| shard_of(manifest, t)));
                if !terms.iter().any(|t| t.chars().any(is_cjk)) {
                    for term in terms {
                        want_shards(&mut split_shards(manifest, term));
                    }
                    want_shards(&mut terms.windows(2).map(|w| shard_of(manifest, &w.concat())));
                    if let Some(pairs) = common_pairs(manifest, terms) {
                        want_shards(&mut pairs.iter().map(|p| shard_of(manifest, p)));
                    }
                }
            }
        }
    }
    if request.speakers.iter().any(|s| !s.trim().is_empty()) && loaded.speakers.is_none() {
        need.push(FileId::Speakers);
    }
    if !need.is_empty() {
        return Step::Need(distinct(need));
    }

    // Phase 2: expand the clauses; fetch the postings of every term found.
    let mut terms_used: HashSet<String> = HashSet::new();
    let mut sequences_used: Vec<Vec<String>> = Vec::new();
    let mut plans: Vec<Plan> = Vec::new();
    for clause in &query.clauses {
        match clause {
            Clause::Word { term, prefix } => {
                let (terms, splits) = expand_word(loaded, term, *prefix, Looseness::ARCHIVE);
                let sequences = splits.into_iter().map(|(a, b)| (vec![a.clone(), b.clone()], vec![a, b])).collect();
                plans.push(Plan { outright: terms, sequences, shown: Vec::new() });
            }
            Clause::Phrase(terms) => {
                // Spellings of one word match outright, as do two common
                // words by their pair; others are verified, those of common
                // words by their pairs' positions.
                let mut plan = Plan::default();
                for spelling in phrase_spellings(loaded, terms, Looseness::ARCHIVE) {
                    let pairs = common_pairs(manifest, &spelling)
                        .filter(|pairs| pairs.iter().all(|p| loaded.has_file(FileId::Dict(shard_of(manifest, p)))));
                    match pairs {
                        Some(mut pairs) if pairs.len() == 1 => {
                            plan.outright.append(&mut pairs);
                            plan.shown.push(spelling);
                        }
                        Some(pairs) => plan.sequences.push((pairs, spelling)),
                        None if spelling.len() == 1 => plan.outright.extend(spelling),
                        None => plan.sequences.push((spelling.clone(), spelling)),
                    }
                }
                plans.push(plan);
            }
        }
    }
    for i in 1..query.clauses.len() {
        if let (Clause::Word { term: a, .. }, Clause::Word { term: b, prefix }) =
            (&query.clauses[i - 1], &query.clauses[i])
        {
            let joined = format!("{a}{b}");
            let mut found = if loaded.has(&joined) { vec![joined.clone()] } else { Vec::new() };
            if *prefix {
                found.extend(loaded.matching(fst::automaton::Str::new(&joined).starts_with()));
            }
            for term in found {
                plans[i - 1].outright.push(term.clone());
                plans[i].outright.push(term);
            }
        }
    }
    // Highlighted: the outright words, and the sequences of words (pairs
    // are found, never shown).
    let mut highlighted: HashSet<String> = HashSet::new();
    for plan in &plans {
        highlighted.extend(plan.outright.iter().filter(|t| !format::is_pair(t)).cloned());
        terms_used.extend(plan.outright.iter().cloned());
        sequences_used.extend(plan.shown.iter().cloned());
        for (found_by, words) in &plan.sequences {
            terms_used.extend(found_by.iter().cloned());
            sequences_used.push(words.clone());
        }
    }
    let infos: HashMap<&str, TermInfo> =
        terms_used.iter().filter_map(|t| loaded.info(t).map(|info| (t.as_str(), info))).collect();
    let need: Vec<FileId> = infos.values().map(|i| FileId::Postings(i.file)).filter(|f| !loaded.has_file(*f)).collect();
    if !need.is_empty() {
        return Step::Need(distinct(need));
    }

    // Phase 3: candidate segments per clause, from the postings.
    let mut postings_cache: HashMap<&str, Vec<u64>> = HashMap::new();
    let mut postings_of = |term: &str| -> Vec<u64> {
        if let Some(keys) = postings_cache.get(term) {
            return keys.clone();
        }
        let keys: Vec<u64> = infos
            .get(term)
            .and_then(|info| {
                let file = loaded.postings.get(&info.file)?;
                format::read_postings(&file.lists, info).ok()
            })
            .unwrap_or_default()
            .into_iter()
            .flat_map(|(episode, segments)| segments.into_iter().map(move |s| key(episode, s)))
            .collect();
        if let Some((term, _)) = infos.get_key_value(term) {
            postings_cache.insert(term, keys.clone());
        }
        keys
    };
    let mut clauses: Vec<ClauseMatch> = Vec::new();
    for plan in &plans {
        let mut m = ClauseMatch::default();
        for term in &plan.outright {
            m.certain.extend(postings_of(term));
        }
        m.certain.sort_unstable();
        m.certain.dedup();
        for (found_by, words) in &plan.sequences {
            let mut candidates: Option<Vec<u64>> = None;
            for term in found_by {
                let keys = postings_of(term);
                candidates = Some(match candidates {
                    None => keys,
                    Some(c) => intersect(&c, &keys),
                });
            }
            m.sequences.push(Sequence {
                found_by: found_by.clone(),
                words: words.clone(),
                candidates: candidates.unwrap_or_default(),
            });
        }
        clauses.push(m);
    }
    let mut candidates: Option<Vec<u64>> = None;
    for m in &clauses {
        let mut any: Vec<u64> = m.certain.clone();
        for sequence in &m.sequences {
            any.extend(&sequence.candidates);
        }
        any.sort_unstable();
        any.dedup();
        candidates = Some(match candidates {
            None => any,
            Some(c) => intersect(&c, &any),
        });
    }
    let candidates = candidates.unwrap_or_default();

    // Phrases and split words are verified by their words' positions; with
    // a speaker filter, by the text (which names the speaker) instead.
    let positions = Positions { loaded, infos: &infos, keys: &postings_cache };
    // The speaker filter, as the episodes each chosen name speaks in.
    let filter: Option<SpeakerFilter> = SpeakerFilter::new(loaded.speakers.as_deref(), &request.speakers);
    let needs_text = |k: u64| filter.is_some() || clauses.iter().any(|m| m.certain.binary_search(&k).is_err());

    // Candidate segments per episode (keys sort by episode first, so each
    // episode's are one run).
    let mut by_episode: Vec<(u32, Vec<u64>)> = Vec::new();
    for &k in &candidates {
        let (episode, _) = split_key(k);
        if filter.as_ref().is_some_and(|f| !f.episodes.contains(&episode)) {
            continue;
        }
        match by_episode.last_mut() {
            Some((e, keys)) if *e == episode => keys.push(k),
            _ => by_episode.push((episode, vec![k])),
        }
    }
    // Positions in `by_episode`, in the order episodes are shown (all
    // sort keys end with the unique episode number: a total order).
    let mut order: Vec<usize> = (0..by_episode.len()).collect();
    if request.newest_first {
        order.sort_unstable_by_key(|&i| std::cmp::Reverse(by_episode[i].0));
    } else {
        order.sort_unstable_by_key(|&i| (std::cmp::Reverse(by_episode[i].1.len()), std::cmp::Reverse(by_episode[i].0)));
    }

    // Phase 4: describe the episodes shown, in order: first what the page
    // shows (each episode's metadata and its first hits, verified), then
    // the text of its other candidates, so that its count is exact. When
    // only the latter is missing, the step is `Partial`: the page can be
    // painted while the counts are finished.
    let matcher = Matcher::new(highlighted, sequences_used);
    let shown_limit = request.episodes.unwrap_or(usize::MAX);
    let hit_limit = request.hits_per_episode.unwrap_or(usize::MAX);
    let per_text = manifest.segments_per_text.max(1);
    let per_file = manifest.episodes_per_file.max(1);
    let text_file = |episode: u32, k: u64| FileId::Text(episode, split_key(k).1 / per_text);
    let (mut need_shown, mut need_counts): (Vec<FileId>, Vec<FileId>) = (Vec::new(), Vec::new());
    let mut shown: Vec<EpisodeHits> = Vec::new();
    let mut processed = vec![false; by_episode.len()];
    let mut shown_total = 0;
    // Episodes are planned (their files asked for) until the page is
    // expected to be full: each one planned counts as the share of those
    // verified so far that matched, so when most candidates' episodes turn
    // out empty (a phrase of common words), later rounds plan more at
    // once instead of one more per empty one.
    let (mut matched, mut empty) = (0usize, 0usize);
    let mut expected = 0.0f64;
    let chance = |matched: usize, empty: usize| (matched + 1) as f64 / (matched + empty + 1) as f64;
    let placeholder = |number: u32| EpisodeHits {
        number,
        slug: String::new(),
        title: String::new(),
        date: String::new(),
        total: 0,
        hits: Vec::new(),
        speakers: Vec::new(),
    };
    for &at in &order {
        if expected >= shown_limit as f64 {
            break;
        }
        let (episode, keys) = (by_episode[at].0, &by_episode[at].1);
        let meta_file = FileId::Episodes(episode / per_file);
        if !loaded.has_file(meta_file) {
            // Its metadata, and in the same round the text of its first
            // candidates, or the positions that verify them; later
            // episodes are planned too, up to the limit.
            need_shown.push(meta_file);
            for &k in keys.iter().take(hit_limit) {
                if !needs_text(k) || filter.is_some() {
                    need_shown.push(text_file(episode, k));
                }
            }
            if filter.is_none() {
                for &k in keys.iter().filter(|&&k| needs_text(k)) {
                    if let Verdict::Need(files) = positions.verdict(&clauses, k) {
                        need_shown.extend(files);
                    }
                }
            }
            need_shown.retain(|f| !loaded.has_file(*f));
            shown.push(placeholder(episode));
            expected += chance(matched, empty);
            continue;
        }
        let meta = loaded.episodes.get(&(episode / per_file)).and_then(|run| run.get((episode % per_file) as usize));
        let Some(meta) = meta else { continue };
        let text_of = |segment: u32| {
            loaded.texts.get(&(episode, segment / per_text)).and_then(|run| run.get((segment % per_text) as usize))
        };
        let mut hits: Vec<ArchiveHit> = Vec::new();
        // Verified matches; candidates whose text is not loaded yet; and
        // of those, the ones asked for to fill the page's snippets.
        let (mut total, mut unknown, mut pending, mut waiting) = (0, 0, 0, false);
        for &k in keys {
            let segment = split_key(k).1;
            let text = text_of(segment);
            // Not loaded yet (a loaded file without the segment holds no match).
            let missing = text.is_none() && !loaded.has_file(text_file(episode, k));
            if needs_text(k) && filter.is_none() {
                match positions.verdict(&clauses, k) {
                    Verdict::Match => {}
                    Verdict::NoMatch => continue,
                    Verdict::Need(files) => {
                        need_shown.extend(files);
                        waiting = true;
                        continue;
                    }
                }
            } else if needs_text(k) {
                let Some(text) = text else {
                    if missing {
                        unknown += 1;
                        if hits.len() + pending < hit_limit {
                            pending += 1;
                            need_shown.push(text_file(episode, k));
                        } else {
                            need_counts.push(text_file(episode, k));
                        }
                    }
                    continue;
                };
                if !matches_all(&clauses, k, text) || !filter.as_ref().is_none_or(|f| f.keeps(episode, meta, text)) {
                    continue;
                }
            }
            total += 1;
            if hits.len() + pending < hit_limit {
                match text {
                    Some(text) => {
                        let speaker = text.speaker.and_then(|i| meta.speakers.get(usize::from(i)));
                        hits.push(ArchiveHit {
                            segment,
                            start: text.start,
                            speaker: speaker.map(|(id, _)| id.clone()),
                            speaker_name: speaker.map(|(_, name)| name.clone()),
                            text: text.text.clone(),
                            spans: matcher.spans(&text.text),
                        });
                    }
                    // A match from its postings alone, shown because
                    // earlier candidates failed verification: its text
                    // was not asked for yet.
                    None if missing => {
                        pending += 1;
                        need_shown.push(text_file(episode, k));
                    }
                    None => {}
                }
            }
        }
        if pending > 0 || waiting {
            shown.push(placeholder(episode));
            expected += if waiting { chance(matched, empty) } else { 1.0 };
            continue;
        }
        processed[at] = true;
        if total + unknown > 0 {
            matched += 1;
            expected += 1.0;
        } else {
            empty += 1;
        }
        // Unverified candidates count as matches until verified (only in
        // a `Partial` step: the final one has none).
        shown_total += total + unknown;
        if total + unknown > 0 {
            shown.push(EpisodeHits {
                number: episode,
                slug: meta.slug.clone(),
                title: meta.title.clone(),
                date: meta.date.clone(),
                total: total + unknown,
                hits,
                speakers: filter.as_ref().map_or_else(Vec::new, |f| f.ids_in(meta)),
            });
        }
    }
    if !need_shown.is_empty() {
        return Step::Need(distinct(need_shown));
    }
    if !request.newest_first {
        // Verified counts may have changed the order among those shown.
        shown.sort_unstable_by_key(|e| (std::cmp::Reverse(e.total), std::cmp::Reverse(e.number)));
    }
    let unprocessed: Vec<&(u32, Vec<u64>)> =
        by_episode.iter().zip(&processed).filter(|(_, done)| !**done).map(|(e, _)| e).collect();
    let certain_elsewhere = unprocessed.iter().all(|(_, keys)| keys.iter().all(|&k| !needs_text(k)));
    let episodes_total = shown.len() + unprocessed.len();
    // Planning ahead may have verified more episodes than the page shows.
    shown.truncate(shown_limit);
    let result = ArchiveResult {
        total: shown_total + unprocessed.iter().map(|(_, keys)| keys.len()).sum::<usize>(),
        episodes_total,
        exact: certain_elsewhere && need_counts.is_empty(),
        episodes: shown,
    };
    if need_counts.is_empty() {
        Step::Done(result)
    } else {
        Step::Partial(result, distinct(need_counts))
    }
}

/// What a candidate's positions say: whether it matches every clause, or
/// the positions files still needed to tell.
enum Verdict {
    Match,
    NoMatch,
    Need(Vec<FileId>),
}

/// Verifies phrases and split words by where their words stand, from the
/// positions files (as [`find_sequences`] does in a segment's tokens).
struct Positions<'a> {
    loaded: &'a Loaded,
    infos: &'a HashMap<&'a str, TermInfo>,
    /// Each term's postings, as sorted keys.
    keys: &'a HashMap<&'a str, Vec<u64>>,
}

impl Positions<'_> {
    /// Whether segment `k` matches every clause, given that it is a
    /// candidate of each.
    fn verdict(&self, clauses: &[ClauseMatch], k: u64) -> Verdict {
        // Files are asked for only while the answer is open: a clause that
        // matches needs no more, and one that cannot match settles it.
        let mut need = Vec::new();
        for m in clauses {
            if m.certain.binary_search(&k).is_ok() {
                continue;
            }
            let mut missing = Vec::new();
            let mut any = false;
            for sequence in &m.sequences {
                if sequence.candidates.binary_search(&k).is_err() {
                    continue;
                }
                let lists: Vec<Option<Vec<u32>>> =
                    sequence.found_by.iter().map(|term| self.at(term, k, &mut missing)).collect();
                if lists.into_iter().collect::<Option<Vec<Vec<u32>>>>().is_some_and(|lists| in_sequence(&lists)) {
                    any = true;
                    break;
                }
            }
            if any {
                continue;
            }
            if missing.is_empty() {
                return Verdict::NoMatch;
            }
            need.extend(missing);
        }
        if need.is_empty() {
            Verdict::Match
        } else {
            Verdict::Need(need)
        }
    }

    /// The token positions of `term` in segment `k` (none when it is not
    /// there, or its file is damaged), or `None` with the file to fetch.
    fn at(&self, term: &str, k: u64, need: &mut Vec<FileId>) -> Option<Vec<u32>> {
        let (episode, _) = split_key(k);
        let (Some(info), Some(keys)) = (self.infos.get(term), self.keys.get(term)) else { return Some(Vec::new()) };
        let Ok(at) = keys.binary_search(&k) else { return Some(Vec::new()) };
        let index = at - keys.partition_point(|&other| split_key(other).0 < episode);
        let run = self.loaded.postings.get(&info.file).and_then(|f| f.positions_file(episode));
        let Some(run) = run else { return Some(Vec::new()) };
        let file = FileId::Positions(info.file, run);
        if !self.loaded.has_file(file) {
            need.push(file);
            return None;
        }
        let lists = self.loaded.positions.get(&(info.file, info.offset, episode));
        Some(lists.and_then(|lists| lists.get(index)).cloned().unwrap_or_default())
    }
}

/// Whether the words stand one after another: a position of the first
/// word with the second at the next, and so on.
fn in_sequence(lists: &[Vec<u32>]) -> bool {
    let Some((first, rest)) = lists.split_first() else { return false };
    first.iter().any(|&p| {
        rest.iter().zip(1u32..).all(|(list, j)| p.checked_add(j).is_some_and(|q| list.binary_search(&q).is_ok()))
    })
}

/// Files sorted and listed once (each step asks for each file once).
fn distinct(mut files: Vec<FileId>) -> Vec<FileId> {
    files.sort_unstable();
    files.dedup();
    files
}

/// Whether a segment matches every clause: outright, or by a sequence found
/// in its text.
fn matches_all(clauses: &[ClauseMatch], k: u64, text: &TextSegment) -> bool {
    let mut tokens = None;
    clauses.iter().all(|m| {
        m.certain.binary_search(&k).is_ok()
            || m.sequences.iter().any(|sequence| {
                sequence.candidates.binary_search(&k).is_ok()
                    && !find_sequences(tokens.get_or_insert_with(|| tokenize(&text.text)), &sequence.words).is_empty()
            })
    })
}

/// The speakers a reader chose, by name or id, across the show.
struct SpeakerFilter {
    /// Lower-cased names and ids chosen.
    chosen: HashSet<String>,
    /// Episodes any of them speaks in.
    episodes: HashSet<u32>,
}

impl SpeakerFilter {
    /// `None` when nothing is chosen. Unknown names keep nothing (a name
    /// typed by hand that nobody has finds nothing, rather than everything).
    fn new(speakers: Option<&[SpeakerEntry]>, chosen: &[String]) -> Option<SpeakerFilter> {
        let chosen: HashSet<String> = chosen.iter().map(|s| normalize(s)).filter(|s| !s.is_empty()).collect();
        if chosen.is_empty() {
            return None;
        }
        let episodes = speakers
            .unwrap_or_default()
            .iter()
            .filter(|s| is_chosen(&chosen, s))
            .flat_map(|s| s.episodes.iter().copied())
            .collect();
        Some(SpeakerFilter { chosen, episodes })
    }

    /// The ids of the chosen speakers in an episode.
    fn ids_in(&self, meta: &EpisodeMeta) -> Vec<String> {
        meta.speakers
            .iter()
            .filter(|(id, name)| self.chosen.contains(&normalize(id)) || self.chosen.contains(&normalize(name)))
            .map(|(id, _)| id.clone())
            .collect()
    }

    fn keeps(&self, episode: u32, meta: &EpisodeMeta, text: &TextSegment) -> bool {
        self.episodes.contains(&episode)
            && text.speaker.and_then(|i| meta.speakers.get(usize::from(i))).is_some_and(|(id, name)| {
                self.chosen.contains(&normalize(id)) || self.chosen.contains(&normalize(name))
            })
    }
}

/// Whether a show's speaker is among those chosen (normalised like search
/// terms, by [`normalize`]: case, accents and punctuation do not matter, so
/// `Grace Shao` and `grace-shao` are one).
pub fn is_chosen(chosen: &HashSet<String>, speaker: &SpeakerEntry) -> bool {
    chosen.contains(&normalize(&speaker.name)) || speaker.ids.iter().any(|id| chosen.contains(&normalize(id)))
}

/// Runs a search to the end, reading files with `read` (the CLI reads them
/// from disk; tests from memory).
pub fn run<E>(
    loaded: &mut Loaded,
    request: &Request,
    mut read: impl FnMut(FileId) -> Result<Vec<u8>, E>,
) -> Result<ArchiveResult, RunError<E>> {
    loop {
        match step(loaded, request) {
            Step::Done(result) => return Ok(result),
            Step::Need(files) | Step::Partial(_, files) => {
                for file in files {
                    let bytes = read(file).map_err(|e| RunError::Read(file, e))?;
                    loaded.add(file, &bytes).map_err(|e| RunError::Format(file, e))?;
                }
            }
        }
    }
}

/// Why [`run`] stopped.
#[derive(Debug)]
pub enum RunError<E> {
    /// A file could not be read.
    Read(FileId, E),
    /// A file is damaged, truncated or foreign.
    Format(FileId, FormatError),
}
