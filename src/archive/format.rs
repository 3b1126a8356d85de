//! The catalogue's byte format, written and read by this module only.
//!
//! In (write): the parts below. Out: bytes. In (read): any bytes. Out: the
//! part, or a [`FormatError`] that says what to do (the episode index's
//! error type: a catalogue file is damaged, truncated or foreign in the
//! same ways, and the widget shows it the same way).
//!
//! Every file has the same header as an episode index, with its own magic
//! and a kind byte (all integers little-endian; `varint` is LEB128):
//! ```text
//! header   magic "VRBTCAT\0" (8) | version u8 | kind u8 | build u16 | payload length u32 | CRC-32 of payload u32
//! ```
//! `build` is the same in every file of one catalogue and, with near
//! certainty, differs between catalogues of different content (a hash of
//! all their files, never 0: [`stamp_build`]; 0 in a file written on its
//! own). A reader takes the manifest's and refuses a file with another
//! ([`FormatError::OtherBuild`]): a cache that kept some files of an
//! earlier build, or an upload still under way, is an error, not wrong
//! results.
//!
//! The files, by kind (names from [`FileId::path`]):
//! - `manifest`: the show's name, the number of episodes, how many episodes
//!   an episodes file holds and how many segments a text file holds, the
//!   first term of every dictionary shard, the number of postings files,
//!   the number of speakers the reader can filter by with the most
//!   frequent of them ([`LISTED_SPEAKERS`]), so that the archive offers
//!   them without the speakers file, and the show's commonest words, whose
//!   neighbouring pairs the dictionary holds too.
//! - Pairs: two common words that stand side by side somewhere are also a
//!   term of the dictionary, keyed [`pair_key`] (a mark that sorts after
//!   every word, then `i think`), with postings and positions (those of its
//!   first word) like a word's. A phrase of common words is found from its
//!   pairs' lists.
//! - `episodes-N`: slug, title, date, segment count and speakers of a run
//!   of episodes (episode numbers run oldest first).
//! - `speakers`: every speaker name in the show, with its ids and the
//!   episodes it speaks in.
//! - `dict-N`: the terms of one key range, front-coded and sorted, each with
//!   where its postings are (the first term's file and offset, then each
//!   term's length and whether it starts the next file: postings lie in
//!   term order) and how many episodes hold it. The reader
//!   builds the shard's `fst` map from them on load (as the episode index
//!   does): stored `fst` bytes would never be traversed unchecked.
//! - `postings-N`: the first episode of each of its positions files, then
//!   postings lists, one after another: for each episode holding the term,
//!   the episode and its segments, as Rice-coded gaps ([`append_postings`]).
//! - `positions-N-C`: where the words of postings file N stand in their
//!   segments, for the episodes of its C-th run: for each (episode, term)
//!   in it, the term's token positions in each of its segments there, in
//!   the order its postings list them. Phrases and split words are verified
//!   with them: consecutive positions, as [`crate::search`] finds sequences
//!   in a segment's tokens.
//! - `text-E-N`: the start, speaker and text of a run of one episode's
//!   segments: what snippets show and phrases are verified against.
//!
//! The reader checks magic, version, kind, length and checksum before it
//! looks at the payload, then bounds-checks every read: no panic, ever.
//!
//! A site stores and serves each file gzip-compressed (one gzip member of
//! the bytes above, [`GZIP_MAGIC`] first); readers inflate it before this
//! module sees it: natively `stored`, in the browser `DecompressionStream`.

use crate::index::format::{framed, FormatError, Reader, Writer};
use crate::transcript::Millis;

/// File signature: the first eight bytes of every catalogue file.
pub const MAGIC: &[u8; 8] = b"VRBTCAT\0";
/// Format version this build writes and reads. Bump on any layout change.
pub const VERSION: u8 = 6;

/// What starts every pair's key: a noncharacter no text holds, that sorts
/// after every character, so the pairs lie in shards of their own after the
/// words, out of every word's key range (prefixes and typos).
const PAIR_MARK: char = '\u{10FFFF}';

/// The dictionary key of two common words side by side.
pub fn pair_key(first: &str, second: &str) -> String {
    format!("{PAIR_MARK}{first} {second}")
}

/// Whether a dictionary key is a pair ([`pair_key`]), not a word.
pub fn is_pair(key: &str) -> bool {
    key.starts_with(PAIR_MARK)
}

/// The first two bytes of a gzip member: how a reader tells a stored
/// (compressed) catalogue file from one in the format itself.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// What a catalogue file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// [`Manifest`].
    Manifest = 1,
    /// [`EpisodeMeta`]s.
    Episodes = 2,
    /// [`SpeakerEntry`]s.
    Speakers = 3,
    /// A dictionary shard: [`TermInfo`]s.
    Dict = 4,
    /// Postings lists.
    Postings = 5,
    /// [`TextSegment`]s.
    Text = 6,
    /// Token positions ([`decode_positions`]).
    Positions = 7,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Manifest => "manifest",
            Kind::Episodes => "episodes",
            Kind::Speakers => "speakers",
            Kind::Dict => "dictionary shard",
            Kind::Postings => "postings",
            Kind::Text => "text",
            Kind::Positions => "positions",
        }
    }
}

/// One file of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileId {
    /// The manifest (read first).
    Manifest,
    /// The speakers of the whole show.
    Speakers,
    /// The N-th run of episode metadata.
    Episodes(u32),
    /// The N-th dictionary shard.
    Dict(u32),
    /// The N-th postings file.
    Postings(u32),
    /// Episode E's N-th run of segments.
    Text(u32, u32),
    /// Postings file N's positions, for its C-th run of episodes.
    Positions(u32, u32),
}

impl FileId {
    /// The file's path relative to the site's root.
    pub fn path(self) -> String {
        match self {
            FileId::Manifest => "catalogue/manifest.vcat".to_string(),
            FileId::Speakers => "catalogue/speakers.vcat".to_string(),
            FileId::Episodes(n) => format!("catalogue/episodes-{n}.vcat"),
            FileId::Dict(n) => format!("catalogue/dict-{n}.vcat"),
            FileId::Postings(n) => format!("catalogue/postings-{n}.vcat"),
            FileId::Text(e, n) => format!("catalogue/text/{e}-{n}.vcat"),
            FileId::Positions(n, c) => format!("catalogue/positions/{n}-{c}.vcat"),
        }
    }

    /// The kind of file it is.
    pub fn kind(self) -> Kind {
        match self {
            FileId::Manifest => Kind::Manifest,
            FileId::Speakers => Kind::Speakers,
            FileId::Episodes(_) => Kind::Episodes,
            FileId::Dict(_) => Kind::Dict,
            FileId::Postings(_) => Kind::Postings,
            FileId::Text(..) => Kind::Text,
            FileId::Positions(..) => Kind::Positions,
        }
    }
}

/// Speakers the manifest lists (the filter's buttons).
pub const LISTED_SPEAKERS: usize = 8;

/// A speaker the manifest lists: one filter choice, as
/// [`crate::archive::present::speaker_choices`] makes them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListedSpeaker {
    /// Name as shown.
    pub name: String,
    /// The names it stands for (names that fold to one key).
    pub names: Vec<String>,
    /// Episodes any of them speaks in.
    pub episodes: u32,
}

/// What the catalogue holds, and how it is split.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// The show's name.
    pub show: String,
    /// Number of episodes.
    pub episodes: u32,
    /// Episodes per `episodes-N` file.
    pub episodes_per_file: u32,
    /// Segments per `text-E-N` file.
    pub segments_per_text: u32,
    /// The first term of each dictionary shard, sorted; shard 0 starts at "".
    pub shards: Vec<String>,
    /// Number of postings files.
    pub postings_files: u32,
    /// Speakers the reader can filter by (choices, one per key).
    pub speaker_choices: u32,
    /// The first [`LISTED_SPEAKERS`] of them, most frequent first.
    pub speakers: Vec<ListedSpeaker>,
    /// The words whose neighbouring pairs are indexed, sorted.
    pub common: Vec<String>,
}

/// One episode, as results show it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpisodeMeta {
    /// Folder name, and the episode page's path (`<slug>/`).
    pub slug: String,
    /// Title.
    pub title: String,
    /// Date (ISO when known).
    pub date: String,
    /// Number of segments.
    pub segments: u32,
    /// Speakers: (id, name), indexed by the text files' speaker numbers.
    pub speakers: Vec<(String, String)>,
}

/// A speaker name across the show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpeakerEntry {
    /// Display name.
    pub name: String,
    /// Ids it has in episodes (usually one).
    pub ids: Vec<String>,
    /// Episode numbers it speaks in, sorted.
    pub episodes: Vec<u32>,
}

/// Where a term's postings are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TermInfo {
    /// Postings file number.
    pub file: u32,
    /// Byte offset in that file's payload.
    pub offset: u32,
    /// Byte length.
    pub len: u32,
    /// Episodes holding the term.
    pub episodes: u32,
}

/// A segment as a text file stores it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextSegment {
    /// Start time.
    pub start: Millis,
    /// Index into the episode's speakers, if known.
    pub speaker: Option<u16>,
    /// The text.
    pub text: String,
}

/// Frames a payload as a catalogue file of `kind`.
fn frame(kind: Kind, payload: &[u8]) -> Vec<u8> {
    crate::index::format::frame(MAGIC, [VERSION, kind as u8, 0, 0], payload)
}

/// Checks a file's header and checksum; returns its payload.
pub fn payload(bytes: &[u8], kind: Kind) -> Result<&[u8], FormatError> {
    framed(bytes, MAGIC, kind.name(), |[version, found, _build @ ..]| {
        if version != VERSION {
            return Err(FormatError::UnsupportedVersion { found: u16::from(version) });
        }
        let corrupt = |what: String| FormatError::Corrupt { section: kind.name(), what };
        if found != kind as u8 {
            return Err(corrupt(format!("expected a {} file, found kind {found}", kind.name())));
        }
        Ok(())
    })
}

/// The build number in a file's header (see the module's header), when the
/// file has this version's header; its other checks are the decoder's.
pub fn build_of(bytes: &[u8]) -> Option<u16> {
    (bytes.len() >= 12 && bytes.starts_with(MAGIC) && bytes[8] == VERSION)
        .then(|| u16::from_le_bytes([bytes[10], bytes[11]]))
}

/// Writes one build number into every file of a catalogue: a hash of all
/// of them (names and bytes), so that a build of the same content writes
/// the same files, byte for byte, and a host's caches stay valid.
pub fn stamp_build(files: &mut [(FileId, Vec<u8>)]) {
    let crc = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    let mut digest = crc.digest();
    for (file, bytes) in files.iter() {
        digest.update(file.path().as_bytes());
        digest.update(&(bytes.len() as u64).to_le_bytes());
        digest.update(bytes);
    }
    let hash = digest.finalize();
    let build = ((hash >> 16) as u16 ^ hash as u16).max(1);
    for (_, bytes) in files.iter_mut() {
        if bytes.len() >= 12 {
            bytes[10..12].copy_from_slice(&build.to_le_bytes());
        }
    }
}

/// Fails unless the reader has read everything.
fn finished(r: &Reader) -> Result<(), FormatError> {
    if r.is_empty() {
        Ok(())
    } else {
        Err(r.corrupt("unexpected bytes after the end"))
    }
}

/// Encodes the manifest.
pub fn encode_manifest(m: &Manifest) -> Vec<u8> {
    let mut w = Writer::default();
    w.str(&m.show);
    for n in [m.episodes, m.episodes_per_file, m.segments_per_text, m.postings_files] {
        w.varint(u64::from(n));
    }
    front_code(&mut w, m.shards.iter().map(String::as_str));
    w.varint(u64::from(m.speaker_choices));
    w.varint(m.speakers.len() as u64);
    for s in &m.speakers {
        w.str(&s.name);
        w.varint(s.names.len() as u64);
        for name in &s.names {
            w.str(name);
        }
        w.varint(u64::from(s.episodes));
    }
    front_code(&mut w, m.common.iter().map(String::as_str));
    frame(Kind::Manifest, &w.bytes)
}

/// Decodes the manifest.
pub fn decode_manifest(bytes: &[u8]) -> Result<Manifest, FormatError> {
    let mut r = Reader::new(payload(bytes, Kind::Manifest)?, Kind::Manifest.name());
    let show = r.string()?;
    let (episodes, episodes_per_file, segments_per_text, postings_files) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
    if episodes_per_file == 0 || segments_per_text == 0 {
        return Err(r.corrupt("a file size of zero"));
    }
    let shards = front_decoded(&mut r, "shard boundaries out of order")?;
    if shards.first().is_some_and(|s| !s.is_empty()) {
        return Err(r.corrupt("shard boundaries out of order"));
    }
    let speaker_choices = r.u32()?;
    let mut speakers = Vec::new();
    for _ in 0..r.len()? {
        let name = r.string()?;
        let names = (0..r.len()?).map(|_| r.string()).collect::<Result<_, _>>()?;
        speakers.push(ListedSpeaker { name, names, episodes: r.u32()? });
    }
    let common = front_decoded(&mut r, "common words out of order")?;
    finished(&r)?;
    Ok(Manifest {
        show,
        episodes,
        episodes_per_file,
        segments_per_text,
        shards,
        postings_files,
        speaker_choices,
        speakers,
        common,
    })
}

/// Encodes a run of episodes' metadata.
pub fn encode_episodes(episodes: &[EpisodeMeta]) -> Vec<u8> {
    let mut w = Writer::default();
    w.varint(episodes.len() as u64);
    for e in episodes {
        for s in [&e.slug, &e.title, &e.date] {
            w.str(s);
        }
        w.varint(u64::from(e.segments));
        w.varint(e.speakers.len() as u64);
        for (id, name) in &e.speakers {
            w.str(id);
            w.str(name);
        }
    }
    frame(Kind::Episodes, &w.bytes)
}

/// Decodes a run of episodes' metadata.
pub fn decode_episodes(bytes: &[u8]) -> Result<Vec<EpisodeMeta>, FormatError> {
    let mut r = Reader::new(payload(bytes, Kind::Episodes)?, Kind::Episodes.name());
    let n = r.len()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let (slug, title, date) = (r.string()?, r.string()?, r.string()?);
        let segments = r.u32()?;
        let speakers = (0..r.len()?).map(|_| Ok((r.string()?, r.string()?))).collect::<Result<_, FormatError>>()?;
        out.push(EpisodeMeta { slug, title, date, segments, speakers });
    }
    finished(&r)?;
    Ok(out)
}

/// Encodes the show's speakers.
pub fn encode_speakers(speakers: &[SpeakerEntry]) -> Vec<u8> {
    let mut w = Writer::default();
    w.varint(speakers.len() as u64);
    for s in speakers {
        w.str(&s.name);
        w.varint(s.ids.len() as u64);
        for id in &s.ids {
            w.str(id);
        }
        deltas(&mut w, &s.episodes);
    }
    frame(Kind::Speakers, &w.bytes)
}

/// Decodes the show's speakers.
pub fn decode_speakers(bytes: &[u8]) -> Result<Vec<SpeakerEntry>, FormatError> {
    let mut r = Reader::new(payload(bytes, Kind::Speakers)?, Kind::Speakers.name());
    let n = r.len()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let name = r.string()?;
        let ids = (0..r.len()?).map(|_| r.string()).collect::<Result<_, _>>()?;
        let episodes = undeltas(&mut r)?;
        out.push(SpeakerEntry { name, ids, episodes });
    }
    finished(&r)?;
    Ok(out)
}

/// Encodes a dictionary shard: sorted, distinct terms with their postings'
/// places. Terms' postings lie one after another in term order (a postings
/// file starts at a term's list), so after the first term's file and
/// offset each term stores only its length, whether it starts the next
/// postings file, and its episode count: a third of the shard's bytes.
pub fn encode_dict(terms: &[(String, TermInfo)]) -> Vec<u8> {
    let mut w = Writer::default();
    front_code(&mut w, terms.iter().map(|(t, _)| t.as_str()));
    if let Some((_, first)) = terms.first() {
        w.varint(u64::from(first.file));
        w.varint(u64::from(first.offset));
    }
    let mut last: Option<&TermInfo> = None;
    for (_, info) in terms {
        let next_file = last.is_some_and(|l| info.file != l.file);
        debug_assert!(
            last.is_none_or(|l| if next_file {
                info.file == l.file + 1 && info.offset == 0
            } else {
                info.offset == l.offset + l.len
            }),
            "postings lie one after another in term order"
        );
        w.varint(u64::from(info.len) << 1 | u64::from(next_file));
        w.varint(u64::from(info.episodes));
        last = Some(info);
    }
    frame(Kind::Dict, &w.bytes)
}

/// Decodes a dictionary shard.
pub fn decode_dict(bytes: &[u8]) -> Result<Vec<(String, TermInfo)>, FormatError> {
    let mut r = Reader::new(payload(bytes, Kind::Dict)?, Kind::Dict.name());
    let terms = front_decoded(&mut r, "terms out of order")?;
    let mut out: Vec<(String, TermInfo)> = Vec::with_capacity(terms.len());
    let (mut file, mut offset) = if terms.is_empty() { (0, 0) } else { (r.u32()?, r.u32()?) };
    for term in terms {
        let packed = r.varint()?;
        let len = u32::try_from(packed >> 1).map_err(|_| r.corrupt("a number is out of range"))?;
        if let Some((_, last)) = out.last() {
            if packed & 1 == 1 {
                file = file.checked_add(1).ok_or_else(|| r.corrupt("a number is out of range"))?;
                offset = 0;
            } else {
                offset = last.offset.checked_add(last.len).ok_or_else(|| r.corrupt("a number is out of range"))?;
            }
        } else if packed & 1 == 1 {
            return Err(r.corrupt("the first term starts no postings file"));
        }
        out.push((term, TermInfo { file, offset, len, episodes: r.u32()? }));
    }
    finished(&r)?;
    Ok(out)
}

/// Appends one term's postings (episode → sorted segments, episodes sorted)
/// to a postings file's payload; returns its offset and length.
///
/// Layout: the number of episodes (varint), then a bit stream (most
/// significant bit first, zero-padded to a byte): the Rice parameters of
/// the list's three kinds of numbers (5 bits each), then for each episode
/// the gap from the previous one less one, its number of segments, and the
/// gaps between its segments less one (the first from -1), each Rice-coded
/// with its kind's parameter. Dense lists, the large ones, take about a
/// sixth fewer bytes than varint deltas do after gzip.
pub fn append_postings(payload: &mut Vec<u8>, postings: &[(u32, Vec<u32>)]) -> (u32, u32) {
    let (mut episode_gaps, mut counts, mut segment_gaps) = (Vec::new(), Vec::new(), Vec::new());
    let mut last_episode = None;
    for (episode, segments) in postings {
        episode_gaps.push(gap_after(last_episode, *episode));
        last_episode = Some(*episode);
        counts.push(segments.len() as u32);
        let mut last = None;
        for &segment in segments {
            segment_gaps.push(gap_after(last, segment));
            last = Some(segment);
        }
    }
    let parameters = [rice_parameter(&episode_gaps), rice_parameter(&counts), rice_parameter(&segment_gaps)];
    let mut w = Writer::default();
    w.varint(postings.len() as u64);
    let mut bits = BitWriter::default();
    for k in parameters {
        bits.put(u64::from(k), 5);
    }
    let mut gaps = segment_gaps.into_iter();
    for (episode_gap, count) in episode_gaps.into_iter().zip(counts) {
        bits.rice(episode_gap, parameters[0]);
        bits.rice(count, parameters[1]);
        for gap in gaps.by_ref().take(count as usize) {
            bits.rice(gap, parameters[2]);
        }
    }
    w.bytes.extend_from_slice(&bits.finish());
    let offset = payload.len() as u32;
    payload.extend_from_slice(&w.bytes);
    (offset, w.bytes.len() as u32)
}

/// `n`'s distance from the number before it in an ascending list, less one
/// (from -1 for the first).
fn gap_after(previous: Option<u32>, n: u32) -> u32 {
    debug_assert!(previous.is_none_or(|p| p < n), "an ascending list");
    previous.map_or(n, |p| n - p - 1)
}

/// The Rice parameter that codes `values` in the fewest bits: the best
/// near the logarithm of their mean (the total is convex in it).
fn rice_parameter(values: &[u32]) -> u32 {
    let bits = |k: u32| values.iter().map(|&v| u64::from(v >> k) + 1 + u64::from(k)).sum::<u64>();
    let mean = values.iter().map(|&v| u64::from(v)).sum::<u64>() / values.len().max(1) as u64;
    let near = (mean + 1).ilog2();
    (near.saturating_sub(2)..=(near + 1).min(31)).min_by_key(|&k| bits(k)).unwrap_or(0)
}

/// Writes bits, most significant first.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    /// Bits not yet written out (fewer than eight), in the low end.
    pending: u64,
    pending_bits: u32,
}

impl BitWriter {
    /// The low `width` bits of `value` (`width` at most 32).
    fn put(&mut self, value: u64, width: u32) {
        let mask = (1u64 << width) - 1;
        self.pending = self.pending << width | (value & mask);
        self.pending_bits += width;
        while self.pending_bits >= 8 {
            self.pending_bits -= 8;
            self.bytes.push((self.pending >> self.pending_bits) as u8);
        }
        self.pending &= (1u64 << self.pending_bits) - 1;
    }

    /// `value` Rice-coded with parameter `k`: its high part in unary (ones
    /// and a zero), then its low `k` bits.
    fn rice(&mut self, value: u32, k: u32) {
        let mut ones = value >> k;
        while ones >= 31 {
            self.put(u64::from(u32::MAX), 31);
            ones -= 31;
        }
        self.put(((1u64 << ones) - 1) << 1, ones + 1);
        self.put(u64::from(value), k);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.pending_bits > 0 {
            self.bytes.push((self.pending << (8 - self.pending_bits)) as u8);
        }
        self.bytes
    }
}

/// Reads what [`BitWriter`] wrote, bounds-checked.
struct BitReader<'a> {
    bytes: &'a [u8],
    /// Bits read so far.
    at: usize,
}

impl BitReader<'_> {
    fn left(&self) -> usize {
        self.bytes.len() * 8 - self.at
    }

    fn bit(&mut self) -> Option<u64> {
        let byte = self.bytes.get(self.at / 8)?;
        let bit = (byte >> (7 - self.at % 8)) & 1;
        self.at += 1;
        Some(u64::from(bit))
    }

    fn get(&mut self, width: u32) -> Option<u64> {
        (0..width).try_fold(0u64, |value, _| Some(value << 1 | self.bit()?))
    }

    fn rice(&mut self, k: u32) -> Option<u32> {
        let mut high = 0u64;
        while self.bit()? == 1 {
            high += 1;
        }
        let value = high.checked_shl(k).filter(|v| v >> k == high)? | self.get(k)?;
        u32::try_from(value).ok()
    }
}

/// A postings file: its postings lists, and where its positions files start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostingsFile {
    /// The first episode of each positions file (`positions-N-C`), ascending.
    pub positions_from: Vec<u32>,
    /// The postings lists, read term by term with [`read_postings`].
    pub lists: Vec<u8>,
}

impl PostingsFile {
    /// Which positions file holds `episode`'s positions.
    pub fn positions_file(&self, episode: u32) -> Option<u32> {
        let runs = self.positions_from.partition_point(|&from| from <= episode);
        runs.checked_sub(1).map(|c| c as u32)
    }
}

/// Encodes a postings file: its positions files' first episodes, then the
/// lists [`append_postings`] wrote.
pub fn encode_postings(positions_from: &[u32], lists: &[u8]) -> Vec<u8> {
    let mut w = Writer::default();
    deltas(&mut w, positions_from);
    w.bytes.extend_from_slice(lists);
    frame(Kind::Postings, &w.bytes)
}

/// Decodes a postings file (its lists are read term by term with [`read_postings`]).
pub fn decode_postings(bytes: &[u8]) -> Result<PostingsFile, FormatError> {
    let mut r = Reader::new(payload(bytes, Kind::Postings)?, Kind::Postings.name());
    let positions_from = undeltas(&mut r)?;
    Ok(PostingsFile { positions_from, lists: r.rest().to_vec() })
}

/// One (episode, term) entry of a positions file: the term's token
/// positions in each of its segments in the episode, in postings order
/// (each list: count, then deltas), read with [`position_lists`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PositionsEntry {
    /// Episode number.
    pub episode: u32,
    /// The term, as the offset of its postings in the postings file.
    pub offset: u32,
    /// The encoded lists.
    pub lists: Vec<u8>,
}

/// Encodes one segment's positions of a term, for a [`PositionsEntry`].
pub fn append_positions(lists: &mut Vec<u8>, positions: &[u32]) {
    let mut w = Writer::default();
    deltas(&mut w, positions);
    lists.extend_from_slice(&w.bytes);
}

/// Encodes a positions file: entries sorted by (episode, offset).
pub fn encode_positions(entries: &[PositionsEntry]) -> Vec<u8> {
    let mut w = Writer::default();
    w.varint(entries.len() as u64);
    let mut last = (0, 0);
    for e in entries {
        w.varint(u64::from(e.episode - last.0));
        w.varint(u64::from(if e.episode == last.0 { e.offset - last.1 } else { e.offset }));
        w.varint(e.lists.len() as u64);
        w.bytes.extend_from_slice(&e.lists);
        last = (e.episode, e.offset);
    }
    frame(Kind::Positions, &w.bytes)
}

/// Decodes a positions file.
pub fn decode_positions(bytes: &[u8]) -> Result<Vec<PositionsEntry>, FormatError> {
    let mut r = Reader::new(payload(bytes, Kind::Positions)?, Kind::Positions.name());
    let n = r.len()?;
    let mut out: Vec<PositionsEntry> = Vec::with_capacity(n);
    let mut last = (0u32, 0u32);
    for i in 0..n {
        let episode_delta = r.u32()?;
        let episode = last.0.checked_add(episode_delta).ok_or_else(|| r.corrupt("an episode is out of range"))?;
        let offset_or_delta = r.u32()?;
        let offset = if i > 0 && episode_delta == 0 {
            if offset_or_delta == 0 {
                return Err(r.corrupt("entries out of order"));
            }
            last.1.checked_add(offset_or_delta).ok_or_else(|| r.corrupt("an offset is out of range"))?
        } else {
            offset_or_delta
        };
        let len = r.len()?;
        let lists = r.bytes(len)?.to_vec();
        out.push(PositionsEntry { episode, offset, lists });
        last = (episode, offset);
    }
    finished(&r)?;
    Ok(out)
}

/// An entry's lists: the positions in each of its segments, in order.
pub fn position_lists(lists: &[u8]) -> Result<Vec<Vec<u32>>, FormatError> {
    let mut r = Reader::new(lists, Kind::Positions.name());
    let mut out = Vec::new();
    while !r.is_empty() {
        out.push(undeltas(&mut r)?);
    }
    Ok(out)
}

/// One term's postings from a postings payload.
pub fn read_postings(payload: &[u8], info: &TermInfo) -> Result<Vec<(u32, Vec<u32>)>, FormatError> {
    let range = payload.get(info.offset as usize..(info.offset as usize).saturating_add(info.len as usize));
    let mut r = Reader::new(range.unwrap_or(&[]), Kind::Postings.name());
    if range.is_none() {
        return Err(r.corrupt("a term's postings lie outside the file"));
    }
    let n = r.varint()?;
    let mut bits = BitReader { bytes: r.rest(), at: 0 };
    let corrupt = |what: &str| r.corrupt(what);
    // Each episode takes two bits at least (a gap and a count of zero): a
    // count above that is damage (and must not size an allocation).
    let n = usize::try_from(n).ok().filter(|&n| n <= bits.left() / 2).ok_or_else(|| corrupt("too many episodes"))?;
    let cut = || corrupt("the postings end too soon");
    let mut parameters = [0u32; 3];
    for k in &mut parameters {
        *k = bits.get(5).ok_or_else(cut)? as u32;
    }
    let mut out: Vec<(u32, Vec<u32>)> = Vec::with_capacity(n);
    for _ in 0..n {
        let gap = bits.rice(parameters[0]).ok_or_else(cut)?;
        let episode = after(out.last().map(|(e, _)| *e), gap).ok_or_else(|| corrupt("an episode is out of range"))?;
        let count = bits.rice(parameters[1]).ok_or_else(cut)? as usize;
        let mut segments: Vec<u32> = Vec::with_capacity(count.min(bits.left()));
        for _ in 0..count {
            let gap = bits.rice(parameters[2]).ok_or_else(cut)?;
            segments.push(after(segments.last().copied(), gap).ok_or_else(|| corrupt("a segment is out of range"))?);
        }
        out.push((episode, segments));
    }
    // What is left is the last byte's padding: fewer than eight zero bits.
    if bits.left() >= 8 || bits.get(bits.left() as u32) != Some(0) {
        return Err(corrupt("unexpected bytes after the postings"));
    }
    Ok(out)
}

/// The number `gap` after `previous` (see [`gap_after`]), if it fits.
fn after(previous: Option<u32>, gap: u32) -> Option<u32> {
    match previous {
        None => Some(gap),
        Some(p) => p.checked_add(gap)?.checked_add(1),
    }
}

/// Encodes a run of segments.
pub fn encode_text(segments: &[TextSegment]) -> Vec<u8> {
    let mut w = Writer::default();
    w.varint(segments.len() as u64);
    for s in segments {
        w.varint(u64::from(s.start));
        w.varint(s.speaker.map_or(0, |i| u64::from(i) + 1));
        w.str(&s.text);
    }
    frame(Kind::Text, &w.bytes)
}

/// Decodes a run of segments.
pub fn decode_text(bytes: &[u8]) -> Result<Vec<TextSegment>, FormatError> {
    let mut r = Reader::new(payload(bytes, Kind::Text)?, Kind::Text.name());
    let n = r.len()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let start = r.u32()?;
        let speaker = match r.varint()? {
            0 => None,
            i => Some(u16::try_from(i - 1).map_err(|_| r.corrupt("speaker out of range"))?),
        };
        out.push(TextSegment { start, speaker, text: r.string()? });
    }
    finished(&r)?;
    Ok(out)
}

/// Sorted strings, each as (bytes shared with the previous, rest).
fn front_code<'a>(w: &mut Writer, strings: impl ExactSizeIterator<Item = &'a str>) {
    w.varint(strings.len() as u64);
    let mut previous = "";
    for s in strings {
        let shared = previous.bytes().zip(s.bytes()).take_while(|(a, b)| a == b).count();
        w.varint(shared as u64);
        w.varint((s.len() - shared) as u64);
        w.bytes.extend_from_slice(&s.as_bytes()[shared..]);
        previous = s;
    }
}

/// The strings [`front_code`] wrote, each greater than the one before
/// (else `out_of_order` is the error). Checked as they are decoded, and
/// their total size capped, so that crafted bytes cannot make a few
/// kilobytes of shared prefixes into gigabytes of strings.
fn front_decoded(r: &mut Reader, out_of_order: &str) -> Result<Vec<String>, FormatError> {
    let n = r.len()?;
    let budget = r.rest_len().saturating_mul(256).saturating_add(64 * 1024);
    let mut out: Vec<String> = Vec::with_capacity(n);
    let mut previous: Vec<u8> = Vec::new();
    let mut total = 0usize;
    for i in 0..n {
        let shared = r.varint()?;
        let shared = usize::try_from(shared)
            .ok()
            .filter(|&s| s <= previous.len())
            .ok_or_else(|| r.corrupt("a term shares more than its predecessor has"))?;
        let rest = r.len()?;
        let rest = r.bytes(rest)?;
        // Greater than the previous: its first own byte is greater than the
        // previous one's there, or the previous ends where it goes on.
        let greater = match (previous.get(shared), rest.first()) {
            (Some(old), Some(new)) => new > old,
            (None, Some(_)) => true,
            (_, None) => false,
        };
        if i > 0 && !greater {
            return Err(r.corrupt(out_of_order));
        }
        previous.truncate(shared);
        previous.extend_from_slice(rest);
        total = total.saturating_add(previous.len());
        if total > budget {
            return Err(r.corrupt("its strings expand far beyond its bytes"));
        }
        out.push(String::from_utf8(previous.clone()).map_err(|_| r.corrupt("a term is not UTF-8"))?);
    }
    Ok(out)
}

/// Sorted, distinct numbers as a count and deltas.
fn deltas(w: &mut Writer, numbers: &[u32]) {
    w.varint(numbers.len() as u64);
    let mut last = 0;
    for (i, &n) in numbers.iter().enumerate() {
        w.varint(u64::from(if i == 0 { n } else { n - last }));
        last = n;
    }
}

fn undeltas(r: &mut Reader) -> Result<Vec<u32>, FormatError> {
    let n = r.len()?;
    let mut out = Vec::with_capacity(n);
    let mut last = 0u32;
    for i in 0..n {
        let delta = r.u32()?;
        if i > 0 && delta == 0 {
            return Err(r.corrupt("numbers out of order"));
        }
        last = last.checked_add(delta).ok_or_else(|| r.corrupt("a number is out of range"))?;
        out.push(last);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where a term's postings are: as a shard lists them, one after another.
    fn info(file: u32, offset: u32) -> TermInfo {
        TermInfo { file, offset, len: 4, episodes: 5 }
    }

    #[test]
    fn every_kind_round_trips() {
        let manifest = Manifest {
            show: "Show".into(),
            episodes: 3,
            episodes_per_file: 2,
            segments_per_text: 32,
            shards: vec!["".into(), "deep".into(), "seek".into()],
            postings_files: 2,
            speaker_choices: 9,
            speakers: vec![ListedSpeaker { name: "Ann".into(), names: vec!["Ann".into(), "ANN".into()], episodes: 3 }],
            common: vec!["and".into(), "the".into()],
        };
        assert_eq!(decode_manifest(&encode_manifest(&manifest)).unwrap(), manifest);
        let unsorted = Manifest { common: vec!["the".into(), "and".into()], ..manifest.clone() };
        assert!(decode_manifest(&encode_manifest(&unsorted)).is_err(), "common words out of order");
        let episodes = vec![EpisodeMeta {
            slug: "ep-1".into(),
            title: "One".into(),
            date: "2025-04-16".into(),
            segments: 9,
            speakers: vec![("ann".into(), "Ann".into())],
        }];
        assert_eq!(decode_episodes(&encode_episodes(&episodes)).unwrap(), episodes);
        let speakers = vec![SpeakerEntry { name: "Ann".into(), ids: vec!["ann".into()], episodes: vec![0, 2] }];
        assert_eq!(decode_speakers(&encode_speakers(&speakers)).unwrap(), speakers);
        let dict = vec![
            ("deep".to_string(), info(0, 3)),
            ("deeper".to_string(), info(1, 0)),
            ("人工".to_string(), info(1, 4)),
        ];
        assert_eq!(decode_dict(&encode_dict(&dict)).unwrap(), dict);
        let text = vec![TextSegment { start: 5, speaker: Some(0), text: "Hi.".into() }, TextSegment::default()];
        assert_eq!(decode_text(&encode_text(&text)).unwrap(), text);
        let mut payload = Vec::new();
        let first = append_postings(&mut payload, &[(0, vec![1, 5]), (4, vec![0])]);
        let second = append_postings(&mut payload, &[(2, vec![7])]);
        let file = decode_postings(&encode_postings(&[0, 3], &payload)).unwrap();
        assert_eq!(file.positions_from, [0, 3]);
        let at = |(offset, len): (u32, u32)| TermInfo { offset, len, ..TermInfo::default() };
        assert_eq!(read_postings(&file.lists, &at(first)).unwrap(), [(0, vec![1, 5]), (4, vec![0])]);
        assert_eq!(read_postings(&file.lists, &at(second)).unwrap(), [(2, vec![7])]);
        assert_eq!(
            [0, 2, 3, 4, 99].map(|e| file.positions_file(e)),
            [Some(0), Some(0), Some(1), Some(1), Some(1)],
            "episodes 0..3 are in the first positions file, 3.. in the second"
        );
        assert_eq!(PostingsFile::default().positions_file(0), None);
        // Positions: the first term in episodes 0 and 4, the second in 2.
        let lists = |segments: &[&[u32]]| {
            let mut lists = Vec::new();
            for positions in segments {
                append_positions(&mut lists, positions);
            }
            lists
        };
        let entries = vec![
            PositionsEntry { episode: 0, offset: first.0, lists: lists(&[&[0, 4], &[2]]) },
            PositionsEntry { episode: 2, offset: second.0, lists: lists(&[&[7]]) },
            PositionsEntry { episode: 4, offset: first.0, lists: lists(&[&[1]]) },
        ];
        let decoded = decode_positions(&encode_positions(&entries)).unwrap();
        assert_eq!(decoded, entries);
        assert_eq!(position_lists(&decoded[0].lists).unwrap(), [vec![0, 4], vec![2]]);
        assert_eq!(position_lists(&decoded[2].lists).unwrap(), [vec![1]]);
        assert!(position_lists(&decoded[0].lists[..2]).is_err(), "a list cut short");
        let flipped: Vec<u8> = encode_positions(&entries).iter().map(|b| b ^ 1).collect();
        assert!(decode_positions(&flipped).is_err());
    }

    #[test]
    fn damaged_truncated_foreign_and_misplaced_files_are_refused() {
        let good = encode_text(&[TextSegment { start: 1, speaker: None, text: "hello".into() }]);
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(decode_text(&flipped), Err(FormatError::ChecksumMismatch));
        assert!(matches!(decode_text(&good[..good.len() - 1]), Err(FormatError::Truncated { .. })));
        assert!(matches!(decode_text(&good[..4]), Err(FormatError::Truncated { .. })));
        assert_eq!(decode_text(b"<!doctype html>"), Err(FormatError::NotAnIndex));
        assert!(matches!(decode_manifest(&good), Err(FormatError::Corrupt { .. })), "a text file is not a manifest");
        let mut future = good.clone();
        future[8] = VERSION + 1;
        assert!(matches!(decode_text(&future), Err(FormatError::UnsupportedVersion { .. })));
        // A postings pointer outside its file is an error, not a panic.
        let far = TermInfo { offset: 1 << 30, len: 10, ..TermInfo::default() };
        assert!(read_postings(&[], &far).is_err());
    }

    #[test]
    fn postings_lists_round_trip_and_damaged_lists_are_errors_not_panics() {
        let lists: Vec<Vec<(u32, Vec<u32>)>> = vec![
            vec![],
            vec![(0, vec![0])],
            vec![(3, vec![0, 1, 2, 3, 9]), (4, vec![2]), (900, (0..400).step_by(2).collect())],
            // One huge number among small ones, and the largest there are.
            vec![(0, (0..50).collect()), (1, vec![4_000_000_000]), (u32::MAX, vec![0, u32::MAX])],
        ];
        let mut payload = vec![0xAA];
        let places: Vec<(u32, u32)> = lists.iter().map(|l| append_postings(&mut payload, l)).collect();
        for (list, &(offset, len)) in lists.iter().zip(&places) {
            let info = TermInfo { file: 0, offset, len, episodes: list.len() as u32 };
            assert_eq!(&read_postings(&payload, &info).unwrap(), list);
            for cut in 0..len {
                let short = TermInfo { len: cut, ..info };
                assert!(read_postings(&payload, &short).map_or(true, |got| got != *list), "cut {cut}");
            }
            for at in offset..offset + len {
                let mut bad = payload.clone();
                bad[at as usize] ^= 0x5A;
                let _ = read_postings(&bad, &info);
            }
        }
        // A count that promises more episodes than the bits can hold.
        let bogus = [0xff, 0xff, 0x03, 0x00];
        assert!(read_postings(&bogus, &TermInfo { file: 0, offset: 0, len: 4, episodes: 1 }).is_err());
    }

    #[test]
    fn a_shard_whose_shared_prefixes_would_expand_enormously_is_refused() {
        // One 20 KB term, then 20,000 terms that each share all of the one
        // before and add a byte: 120 KB that would decode to 400 MB.
        let mut w = Writer::default();
        w.varint(20_001);
        w.varint(0);
        w.varint(20_000);
        w.bytes.extend(std::iter::repeat_n(b'a', 20_000));
        for i in 0..20_000u32 {
            w.varint(u64::from(20_000 + i));
            w.varint(1);
            w.bytes.push(b'b');
        }
        let message = decode_dict(&frame(Kind::Dict, &w.bytes)).unwrap_err().to_string();
        assert!(message.contains("expand far beyond"), "{message}");
    }

    #[test]
    fn every_prefix_and_every_byte_flip_of_a_file_is_an_error_not_a_panic() {
        let dict = encode_dict(&[("a".into(), info(0, 3)), ("ab".into(), info(1, 0))]);
        for cut in 0..dict.len() {
            assert!(decode_dict(&dict[..cut]).is_err());
        }
        for at in 0..dict.len() {
            let mut bad = dict.clone();
            bad[at] ^= 0x55;
            if (10..12).contains(&at) {
                // The build number: the file reads, as another build's
                // (which a reader refuses against its manifest's).
                assert!(decode_dict(&bad).is_ok() && build_of(&bad) != build_of(&dict));
                continue;
            }
            assert!(decode_dict(&bad).is_err(), "flip at {at}");
        }
    }
}
