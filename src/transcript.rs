//! The transcript: what every parser produces and what the index stores.
//!
//! In: nothing (plain data). Out: [`Transcript`], a list of [`Segment`]s in
//! time order, each a sentence or a few from one [`Speaker`].
//! Always holds: segment times are in milliseconds, `start <= end`, segments
//! are sorted by `start`, every `speaker` is an index into `speakers`, and
//! every word time's `offset` is a char boundary of its segment's text, with
//! word times in order and never going back.

use std::fmt;

/// Milliseconds from the start of the episode.
pub type Millis = u32;

/// Whether the times come from the source or were estimated from word counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Timing {
    /// Times come from the transcript (cues, timestamps).
    #[default]
    Exact,
    /// Times are estimated from word counts at a speaking rate.
    Estimated,
}

impl Timing {
    /// The name used by `verbatim dump --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Timing::Exact => "exact",
            Timing::Estimated => "estimated",
        }
    }
}

/// Someone who speaks in the episode.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Speaker {
    /// Stable id used in URLs and the DOM (`alex-kantrowitz`).
    pub id: String,
    /// Display name (`Alex Kantrowitz`).
    pub name: String,
    /// Free text such as `host` or `guest`; may be empty.
    pub role: String,
}

/// When one word of a segment starts, where the source says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordTime {
    /// Byte offset of the word in the segment's text.
    pub offset: u32,
    /// When the word is spoken.
    pub start: Millis,
}

/// A sentence or a few, from one speaker: the unit a reader jumps to.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Segment {
    /// Start time.
    pub start: Millis,
    /// End time (`>= start`).
    pub end: Millis,
    /// Index into [`Transcript::speakers`], if the speaker is known.
    pub speaker: Option<u16>,
    /// The words, markup removed, whitespace collapsed to single spaces.
    pub text: String,
    /// Word-level times, when the source had them (sorted by offset).
    pub words: Vec<WordTime>,
}

/// A titled part of the episode, starting at a segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chapter {
    /// Start time.
    pub start: Millis,
    /// Title shown to the reader.
    pub title: String,
}

/// A whole episode's transcript with its metadata.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Transcript {
    /// Episode title.
    pub title: String,
    /// Show name.
    pub show: String,
    /// Publication date as written by the publisher (ISO `2025-04-16` preferred).
    pub date: String,
    /// Episode description (plain text).
    pub description: String,
    /// Audio URL, if any.
    pub audio_url: Option<String>,
    /// Whether times are exact or estimated.
    pub timing: Timing,
    /// Everyone who speaks.
    pub speakers: Vec<Speaker>,
    /// The segments in time order.
    pub segments: Vec<Segment>,
    /// Chapters in time order (may be empty).
    pub chapters: Vec<Chapter>,
}

impl Transcript {
    /// Duration: the end of the last segment.
    pub fn duration(&self) -> Millis {
        self.segments.iter().map(|s| s.end).max().unwrap_or(0)
    }

    /// The speaker of a segment, if known.
    pub fn speaker_of(&self, segment: &Segment) -> Option<&Speaker> {
        segment.speaker.and_then(|i| self.speakers.get(usize::from(i)))
    }

    /// Index of the speaker with this id, adding it (named after the id) if new.
    pub fn speaker_index(&mut self, id: &str, name: &str) -> u16 {
        if let Some(i) = self.speakers.iter().position(|s| s.id == id) {
            return i as u16;
        }
        self.speakers.push(Speaker { id: id.to_string(), name: name.to_string(), role: String::new() });
        (self.speakers.len() - 1) as u16
    }

    /// Runs of consecutive segments by one speaker, for turn labels and
    /// the timeline's bands.
    pub fn turns(&self) -> Vec<Turn> {
        let mut turns: Vec<Turn> = Vec::new();
        for (i, s) in self.segments.iter().enumerate() {
            match turns.last_mut() {
                Some(turn) if turn.speaker == s.speaker => turn.last = i,
                _ => turns.push(Turn { first: i, last: i, speaker: s.speaker }),
            }
        }
        turns
    }

    /// The segment playing at `time`: the last one starting at or before it.
    pub fn segment_at(&self, time: Millis) -> Option<usize> {
        let after = self.segments.partition_point(|s| s.start <= time);
        after.checked_sub(1).or((!self.segments.is_empty()).then_some(0))
    }

    /// A time as readers see it: a clock, prefixed `≈` when estimated.
    pub fn clock(&self, ms: Millis) -> String {
        let approx = if self.timing == Timing::Estimated { "≈" } else { "" };
        format!("{approx}{}", format_clock(ms))
    }

    /// Talk time per speaker (in `speakers` order), summed over segments.
    /// (In `u64`: overlapping captions can add up past `u32` milliseconds.)
    pub fn talk_time(&self) -> Vec<u64> {
        let mut total = vec![0; self.speakers.len()];
        for s in &self.segments {
            if let Some(total) = s.speaker.and_then(|i| total.get_mut(usize::from(i))) {
                *total += u64::from(s.end - s.start);
            }
        }
        total
    }
}

/// A run of consecutive segments by one speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Turn {
    /// Index of its first segment.
    pub first: usize,
    /// Index of its last segment (inclusive).
    pub last: usize,
    /// Index of its speaker in `Transcript::speakers`, if known.
    pub speaker: Option<u16>,
}

/// The speakers a reader chose, resolved against one transcript: the one
/// answer to "is this segment shown?" for the list and for search alike.
/// Ids the transcript does not know are ignored (as in a URL); when none
/// is known, everyone is shown. A known speaker with no segments shows
/// nothing, in the list and in search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpeakerSelection {
    /// Speaker indexes kept; empty keeps everyone.
    keep: Vec<u16>,
}

impl SpeakerSelection {
    /// Resolves speaker ids against `transcript`.
    pub fn new(transcript: &Transcript, ids: &[String]) -> SpeakerSelection {
        // Sorted as u32, like segment ids elsewhere: one sort in the wasm.
        let mut positions: Vec<u32> = ids
            .iter()
            .filter_map(|id| transcript.speakers.iter().position(|s| &s.id == id))
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        positions.sort_unstable();
        positions.dedup();
        SpeakerSelection { keep: positions.into_iter().filter_map(|i| u16::try_from(i).ok()).collect() }
    }

    /// Whether every segment is shown.
    pub fn is_everyone(&self) -> bool {
        self.keep.is_empty()
    }

    /// Whether `segment` is shown.
    pub fn includes(&self, segment: &Segment) -> bool {
        self.keep.is_empty() || segment.speaker.is_some_and(|s| self.keep.binary_search(&s).is_ok())
    }

    /// The ids of the segments of `transcript` shown, in time order.
    pub fn segments(&self, transcript: &Transcript) -> Vec<u32> {
        (0u32..).zip(&transcript.segments).filter(|(_, segment)| self.includes(segment)).map(|(id, _)| id).collect()
    }
}

/// Plain text of some segments (all when `ids` is `None`), for copying and
/// downloading: a header, then `[12:34] Name: text` paragraphs.
pub fn to_text(transcript: &Transcript, ids: Option<&[u32]>) -> String {
    let mut out = String::new();
    if !transcript.show.is_empty() || !transcript.title.is_empty() {
        out.push_str(&format!("{} — {}\n", transcript.show, transcript.title));
        if !transcript.date.is_empty() {
            out.push_str(&format!("{}\n", transcript.date));
        }
        out.push('\n');
    }
    let all: Vec<u32>;
    let ids = match ids {
        Some(ids) => ids,
        None => {
            all = (0..transcript.segments.len() as u32).collect();
            &all
        }
    };
    for &id in ids {
        if let Some(segment) = transcript.segments.get(id as usize) {
            let who = transcript.speaker_of(segment).map_or(String::new(), |s| format!(" {}:", s.name));
            out.push_str(&format!("[{}]{who} {}\n\n", transcript.clock(segment.start), segment.text));
        }
    }
    out
}

/// A URL- and DOM-safe id made from a display name: `Grace Shao` → `grace-shao`.
pub fn speaker_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    if id.is_empty() {
        id.push_str("speaker");
    }
    id
}

/// Formats a time as seconds, as URLs and `data-start` carry it:
/// `754_000` → `754`, `754_650` → `754.65`.
pub fn format_seconds(ms: Millis) -> String {
    let (s, frac) = (ms / 1000, ms % 1000);
    if frac == 0 {
        s.to_string()
    } else {
        format!("{s}.{frac:03}").trim_end_matches('0').to_string()
    }
}

/// Formats a time as a clock: `754_000` → `12:34`, `3_723_000` → `1:02:03`.
pub fn format_clock(ms: impl Into<u64>) -> String {
    let s = ms.into() / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

impl fmt::Display for Timing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_ids_are_slugs() {
        assert_eq!(speaker_id("Grace Shao"), "grace-shao");
        assert_eq!(speaker_id("  Dr. José  Núñez "), "dr-josé-núñez");
        assert_eq!(speaker_id("<script>"), "script");
        assert_eq!(speaker_id("!!!"), "speaker");
    }

    #[test]
    fn exports_text_with_speakers_and_times() {
        let t = Transcript {
            show: "Show".into(),
            title: "Title".into(),
            timing: Timing::Estimated,
            speakers: vec![Speaker { id: "a".into(), name: "Ann".into(), role: String::new() }],
            segments: vec![
                Segment { start: 0, end: 1000, speaker: Some(0), text: "Hi.".into(), words: vec![] },
                Segment { start: 61_000, end: 62_000, speaker: None, text: "Bye.".into(), words: vec![] },
            ],
            ..Transcript::default()
        };
        assert_eq!(to_text(&t, None), "Show — Title\n\n[≈0:00] Ann: Hi.\n\n[≈1:01] Bye.\n\n");
        assert_eq!(to_text(&t, Some(&[1, 99])), "Show — Title\n\n[≈1:01] Bye.\n\n");
    }

    #[test]
    fn turns_and_time_lookup() {
        let seg = |start, speaker| Segment { start, end: start + 10, speaker, text: "x".into(), words: vec![] };
        let t = Transcript {
            segments: vec![seg(0, Some(0)), seg(10, Some(0)), seg(20, Some(1)), seg(30, None)],
            ..Transcript::default()
        };
        let turn = |first, last, speaker| Turn { first, last, speaker };
        assert_eq!(t.turns(), [turn(0, 1, Some(0)), turn(2, 2, Some(1)), turn(3, 3, None)]);
        assert_eq!(t.segment_at(0), Some(0));
        assert_eq!(t.segment_at(15), Some(1));
        assert_eq!(t.segment_at(99_999), Some(3));
        assert_eq!(Transcript::default().segment_at(5), None);
    }

    #[test]
    fn clocks() {
        assert_eq!(format_clock(0u32), "0:00");
        assert_eq!(format_clock(754_000u32), "12:34");
        assert_eq!(format_clock(3_723_999u32), "1:02:03");
        assert_eq!(format_seconds(754_000), "754");
        assert_eq!(format_seconds(754_650), "754.65");
        assert_eq!(format_seconds(5), "0.005");
    }
}
