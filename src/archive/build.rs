//! Episodes in, catalogue files out.
//!
//! In: a show's episodes (slug and [`Transcript`], oldest first) and the
//! [`Sizes`] to split at. Out: every catalogue file, as ([`FileId`], bytes).
//! Always holds: the dictionary holds exactly the terms of every
//! episode's text (by the one tokenizer, as each episode's own index) and
//! the pairs of common words that stand side by side in it, each
//! term's postings list every (episode, segment) holding it, sorted, and
//! its positions files where it stands in each (the token positions of
//! [`tokenize`], as a segment's text is verified); every segment's text is
//! in exactly one text file.

use std::collections::{BTreeMap, HashMap};

use super::format::{
    self, pair_key, EpisodeMeta, FileId, ListedSpeaker, Manifest, PositionsEntry, SpeakerEntry, TermInfo, TextSegment,
};
use super::present::speaker_choices;
use crate::index::{IndexBuilder, TermPostings};
use crate::tokenize::{is_cjk, tokenize};
use crate::transcript::Transcript;

/// One episode of a show.
pub struct ShowEpisode {
    /// Folder name (the episode page is `<slug>/`).
    pub slug: String,
    /// The episode.
    pub transcript: Transcript,
}

/// Where the catalogue is split: small files, so a query fetches little.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Segments per text file.
    pub segments_per_text: u32,
    /// Episodes per episodes file.
    pub episodes_per_file: u32,
    /// A dictionary shard closes once its terms take this many bytes.
    pub shard_bytes: usize,
    /// A postings file closes once it holds this many bytes (a term whose
    /// postings are larger has a file of its own).
    pub postings_bytes: usize,
    /// A postings file's positions file closes once it holds this many
    /// bytes (at an episode's end: an episode's positions are in one file).
    pub positions_bytes: usize,
    /// How many of the show's commonest words have their neighbouring
    /// pairs indexed ([`common_words`]).
    pub common_words: usize,
}

impl Default for Sizes {
    fn default() -> Sizes {
        // Chosen on the 1,000-episode benchmark show (`cargo bench --bench
        // archive -- sizes`, BENCHMARKS.md): smaller files cut the mean
        // cold query from 201 to 133 KB gzipped, for twice the files.
        // Postings files went from 2 to 1 KB when Rice coding made their
        // bytes nearly as small as gzip had (`china` 97 -> 76 KB), and
        // positions files from 2 to 4 KB then (8,000 files fewer at 1,000
        // episodes; `"open source"` 75 -> 80 KB).
        Sizes {
            segments_per_text: 12,
            episodes_per_file: 8,
            shard_bytes: 3 * 1024,
            postings_bytes: 1024,
            positions_bytes: 4 * 1024,
            common_words: 128,
        }
    }
}

/// Builds every catalogue file of a show.
pub fn build(show: &str, episodes: &[ShowEpisode], sizes: Sizes) -> Vec<(FileId, Vec<u8>)> {
    let mut files = Vec::new();

    // term → its postings (episode, segments), episodes ascending as they
    // are added, and its positions in those segments, an entry per episode.
    let mut table: BTreeMap<String, TermRows> = BTreeMap::new();
    for (number, episode) in episodes.iter().enumerate() {
        let positions = positions_by_term(&episode.transcript);
        for TermPostings { term, segments } in IndexBuilder::new(&episode.transcript).postings_table() {
            let found = positions.get(&term).map_or(&[][..], Vec::as_slice);
            let mut lists = Vec::new();
            for &segment in &segments {
                let at = found.binary_search_by_key(&segment, |(s, _)| *s);
                format::append_positions(&mut lists, at.map_or(&[][..], |i| &found[i].1));
            }
            let rows = table.entry(term).or_default();
            rows.postings.push((number as u32, segments));
            rows.positions.push(lists);
        }
    }

    // Pairs of the commonest words, as they stand side by side.
    let common = common_words(&table, sizes.common_words);
    add_pairs(&mut table, episodes, &common);

    // Postings files (each with its positions files), in term order, then
    // the dictionary shards pointing at them.
    let mut infos: Vec<(String, TermInfo)> = Vec::with_capacity(table.len());
    let mut lists: Vec<u8> = Vec::new();
    let mut in_file: Vec<(u32, &TermRows)> = Vec::new();
    let mut file = 0u32;
    for (term, rows) in &table {
        if !lists.is_empty() && lists.len() >= sizes.postings_bytes {
            files.extend(postings_file(file, &lists, &in_file, sizes.positions_bytes));
            lists.clear();
            in_file.clear();
            file += 1;
        }
        let (offset, len) = format::append_postings(&mut lists, &rows.postings);
        in_file.push((offset, rows));
        infos.push((term.clone(), TermInfo { file, offset, len, episodes: rows.postings.len() as u32 }));
    }
    if !lists.is_empty() || file == 0 {
        files.extend(postings_file(file, &lists, &in_file, sizes.positions_bytes));
        file += 1;
    }
    let postings_files = file;

    let mut shards: Vec<String> = Vec::new();
    let mut from = 0;
    let mut bytes = 0;
    for (i, (term, _)) in infos.iter().enumerate() {
        if i > from && bytes >= sizes.shard_bytes {
            shards.push(if shards.is_empty() { String::new() } else { infos[from].0.clone() });
            files.push((FileId::Dict(shards.len() as u32 - 1), format::encode_dict(&infos[from..i])));
            from = i;
            bytes = 0;
        }
        bytes += term.len() + 3;
    }
    shards.push(if shards.is_empty() { String::new() } else { infos[from].0.clone() });
    files.push((FileId::Dict(shards.len() as u32 - 1), format::encode_dict(&infos[from..])));

    // Text, episode metadata and speakers.
    let per_text = sizes.segments_per_text.max(1) as usize;
    let mut speakers: BTreeMap<String, SpeakerEntry> = BTreeMap::new();
    let mut metas = Vec::with_capacity(episodes.len());
    for (number, episode) in episodes.iter().enumerate() {
        let t = &episode.transcript;
        for (chunk, segments) in t.segments.chunks(per_text).enumerate() {
            let text: Vec<TextSegment> = segments
                .iter()
                .map(|s| TextSegment { start: s.start, speaker: s.speaker, text: s.text.clone() })
                .collect();
            files.push((FileId::Text(number as u32, chunk as u32), format::encode_text(&text)));
        }
        for speaker in &t.speakers {
            let entry = speakers
                .entry(speaker.name.to_lowercase())
                .or_insert_with(|| SpeakerEntry { name: speaker.name.clone(), ..SpeakerEntry::default() });
            if !entry.ids.contains(&speaker.id) {
                entry.ids.push(speaker.id.clone());
            }
            if entry.episodes.last() != Some(&(number as u32)) {
                entry.episodes.push(number as u32);
            }
        }
        metas.push(EpisodeMeta {
            slug: episode.slug.clone(),
            title: t.title.clone(),
            date: t.date.clone(),
            segments: t.segments.len() as u32,
            speakers: t.speakers.iter().map(|s| (s.id.clone(), s.name.clone())).collect(),
        });
    }
    let per_file = sizes.episodes_per_file.max(1) as usize;
    for (n, run) in metas.chunks(per_file).enumerate() {
        files.push((FileId::Episodes(n as u32), format::encode_episodes(run)));
    }
    let speakers: Vec<SpeakerEntry> = speakers.into_values().collect();
    let choices = speaker_choices(&speakers);
    let listed = choices
        .iter()
        .take(format::LISTED_SPEAKERS)
        .map(|c| ListedSpeaker { name: c.name.clone(), names: c.names.clone(), episodes: c.episodes as u32 })
        .collect();
    files.push((FileId::Speakers, format::encode_speakers(&speakers)));
    files.push((
        FileId::Manifest,
        format::encode_manifest(&Manifest {
            show: show.to_string(),
            episodes: episodes.len() as u32,
            episodes_per_file: per_file as u32,
            segments_per_text: per_text as u32,
            shards,
            postings_files,
            speaker_choices: choices.len() as u32,
            speakers: listed,
            common,
        }),
    ));
    format::stamp_build(&mut files);
    files
}

/// A term across the show: its postings (episode, segments), episodes
/// ascending, and its positions lists in each of those episodes.
#[derive(Default)]
struct TermRows {
    postings: Vec<(u32, Vec<u32>)>,
    positions: Vec<Vec<u8>>,
}

/// The words held by the most segments across the show (sorted), whose
/// neighbours are indexed as pairs ([`pair_key`]): a phrase of common
/// words (`"i think the"`) then finds its segments from two short lists
/// instead of verifying the positions of three long ones in most episodes.
fn common_words(table: &BTreeMap<String, TermRows>, how_many: usize) -> Vec<String> {
    let mut by_segments: Vec<(usize, &String)> = table
        .iter()
        .filter(|(term, _)| !term.chars().any(is_cjk))
        .map(|(term, rows)| (rows.postings.iter().map(|(_, segments)| segments.len()).sum(), term))
        .collect();
    by_segments.sort_unstable_by(|a, b| b.cmp(a));
    let mut common: Vec<String> = by_segments.into_iter().take(how_many).map(|(_, term)| term.clone()).collect();
    common.sort_unstable();
    common
}

/// Adds to `table` every pair of common words that stand side by side
/// somewhere (its key [`pair_key`]), with its segments and the positions
/// of its first word.
fn add_pairs(table: &mut BTreeMap<String, TermRows>, episodes: &[ShowEpisode], common: &[String]) {
    let is_common = |term: &str| common.binary_search_by(|c| c.as_str().cmp(term)).is_ok();
    for (number, episode) in episodes.iter().enumerate() {
        let mut pairs: BTreeMap<String, Vec<(u32, Vec<u32>)>> = BTreeMap::new();
        for (segment, s) in episode.transcript.segments.iter().enumerate() {
            let tokens = tokenize(&s.text);
            for (at, w) in tokens.windows(2).enumerate() {
                if is_common(&w[0].term) && is_common(&w[1].term) {
                    note_position(pairs.entry(pair_key(&w[0].term, &w[1].term)).or_default(), segment, at);
                }
            }
        }
        for (key, lists) in pairs {
            let mut positions = Vec::new();
            for (_, at) in &lists {
                format::append_positions(&mut positions, at);
            }
            let rows = table.entry(key).or_default();
            rows.postings.push((number as u32, lists.into_iter().map(|(segment, _)| segment).collect()));
            rows.positions.push(positions);
        }
    }
}

/// Each term of an episode with the token positions it holds in each of
/// its segments (segments ascending, positions ascending).
fn positions_by_term(t: &Transcript) -> HashMap<String, Vec<(u32, Vec<u32>)>> {
    let mut out: HashMap<String, Vec<(u32, Vec<u32>)>> = HashMap::new();
    for (segment, s) in t.segments.iter().enumerate() {
        for (at, token) in tokenize(&s.text).into_iter().enumerate() {
            note_position(out.entry(token.term).or_default(), segment, at);
        }
    }
    out
}

/// Adds token position `at` of `segment` to a term's lists (segments
/// ascending, each with its positions ascending).
fn note_position(lists: &mut Vec<(u32, Vec<u32>)>, segment: usize, at: usize) {
    match lists.last_mut() {
        Some((last, positions)) if *last == segment as u32 => positions.push(at as u32),
        _ => lists.push((segment as u32, vec![at as u32])),
    }
}

/// Postings file `file` and its positions files: its terms' (offset in
/// `lists`, rows) positions split into runs of whole episodes of about
/// `run_bytes` each.
fn postings_file(file: u32, lists: &[u8], terms: &[(u32, &TermRows)], run_bytes: usize) -> Vec<(FileId, Vec<u8>)> {
    let mut per_episode: BTreeMap<u32, usize> = BTreeMap::new();
    for (_, rows) in terms {
        for ((episode, _), lists) in rows.postings.iter().zip(&rows.positions) {
            *per_episode.entry(*episode).or_default() += lists.len() + 4;
        }
    }
    let mut from: Vec<u32> = Vec::new();
    let mut bytes = 0;
    for (&episode, &size) in &per_episode {
        if from.is_empty() || bytes >= run_bytes {
            from.push(episode);
            bytes = 0;
        }
        bytes += size;
    }
    let mut runs: Vec<Vec<PositionsEntry>> = vec![Vec::new(); from.len()];
    for &(offset, rows) in terms {
        for ((episode, _), lists) in rows.postings.iter().zip(&rows.positions) {
            let run = from.partition_point(|&f| f <= *episode) - 1;
            runs[run].push(PositionsEntry { episode: *episode, offset, lists: lists.clone() });
        }
    }
    let mut files: Vec<(FileId, Vec<u8>)> = runs
        .into_iter()
        .enumerate()
        .map(|(run, mut entries)| {
            entries.sort_unstable_by_key(|e| (e.episode, e.offset));
            (FileId::Positions(file, run as u32), format::encode_positions(&entries))
        })
        .collect();
    files.push((FileId::Postings(file), format::encode_postings(&from, lists)));
    files
}
