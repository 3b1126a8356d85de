//! Episodes in, catalogue files out.
//!
//! In: a show's episodes (slug and [`Transcript`], oldest first) and the
//! [`Sizes`] to split at. Out: every catalogue file, as ([`FileId`], bytes).
//! Always holds: the dictionary holds exactly the terms of every
//! episode's text (by the one tokenizer, as each episode's own index), each
//! term's postings list every (episode, segment) holding it, sorted; every
//! segment's text is in exactly one text file.

use std::collections::BTreeMap;

use super::format::{self, EpisodeMeta, FileId, Manifest, SpeakerEntry, TermInfo, TextSegment};
use crate::index::IndexBuilder;
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
}

impl Default for Sizes {
    fn default() -> Sizes {
        // Chosen on the 1,000-episode benchmark show (`cargo bench --bench
        // archive -- sizes`, BENCHMARKS.md): smaller files cut the mean
        // cold query from 201 to 133 KB gzipped, for twice the files.
        Sizes { segments_per_text: 12, episodes_per_file: 8, shard_bytes: 3 * 1024, postings_bytes: 2 * 1024 }
    }
}

/// Builds every catalogue file of a show.
pub fn build(show: &str, episodes: &[ShowEpisode], sizes: Sizes) -> Vec<(FileId, Vec<u8>)> {
    let mut files = Vec::new();

    // term → (episode, segments), episodes ascending as they are added.
    let mut table: BTreeMap<String, Vec<(u32, Vec<u32>)>> = BTreeMap::new();
    for (number, episode) in episodes.iter().enumerate() {
        for (term, segments) in IndexBuilder::new(&episode.transcript).postings_table() {
            table.entry(term).or_default().push((number as u32, segments));
        }
    }

    // Postings files, in term order, then the dictionary shards pointing at them.
    let mut infos: Vec<(String, TermInfo)> = Vec::with_capacity(table.len());
    let mut payload: Vec<u8> = Vec::new();
    let mut file = 0u32;
    for (term, postings) in &table {
        if !payload.is_empty() && payload.len() >= sizes.postings_bytes {
            files.push((FileId::Postings(file), format::encode_postings(&payload)));
            payload.clear();
            file += 1;
        }
        let (offset, len) = format::append_postings(&mut payload, postings);
        infos.push((term.clone(), TermInfo { file, offset, len, episodes: postings.len() as u32 }));
    }
    if !payload.is_empty() || file == 0 {
        files.push((FileId::Postings(file), format::encode_postings(&payload)));
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
        bytes += term.len() + 6;
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
    files.push((FileId::Speakers, format::encode_speakers(&speakers.into_values().collect::<Vec<_>>())));
    files.push((
        FileId::Manifest,
        format::encode_manifest(&Manifest {
            show: show.to_string(),
            episodes: episodes.len() as u32,
            episodes_per_file: per_file as u32,
            segments_per_text: per_text as u32,
            shards,
            postings_files,
        }),
    ));
    files
}
