//! Episode folders: a transcript plus `episode.toml` metadata.
//!
//! In: `www/episodes/<slug>/` holding `transcript.{txt,vtt,srt,json}` and
//! optionally `episode.toml`. Out: a [`Transcript`] with the folder's
//! metadata, speakers, turns and chapters applied.
//!
//! `episode.toml` (every field optional):
//! ```toml
//! title = "…"            # overrides what the transcript's header says
//! show = "…"
//! date = "2025-04-16"
//! description = "…"
//! audio = "https://…/episode.mp3"
//! duration = "1:07:30"   # estimated times are scaled to end here
//! words_per_minute = 165 # speaking rate for estimated times
//! [[speakers]]            # id, name, role, and the generic labels the
//!                         # transcript uses for them: labels = ["SPEAKER_00"]
//! [[turns]]               # speaker = "<id>", at = "<opening words>", kind = "ad" (optional)
//! [[chapters]]            # title = "…", and at = "<opening words>" or start = "12:34"
//! ```
//! Turns are for transcripts without speaker labels: each turn starts at the
//! first occurrence of its `at` words (whitespace-separated, matched exactly,
//! across line breaks) after the previous turn's start. Chapters are
//! anchored the same way, in their own order.
//! Always holds: applying turns only assigns speakers; the words are the
//! transcript's, unchanged and in order.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::assemble::{assemble, Options};
use super::clock::parse_clock;
use super::{parse_cues_as, read_text, read_transcript, Cue, ErrorKind, Format, Loaded, ParseError, Parsed, Warning};
use crate::transcript::{Chapter, Millis, Speaker, Transcript};

/// The metadata file's name inside an episode folder.
pub const METADATA_FILE: &str = "episode.toml";
/// Transcript file names tried, in order.
pub const TRANSCRIPT_FILES: [&str; 4] = ["transcript.txt", "transcript.vtt", "transcript.srt", "transcript.json"];
/// [`TRANSCRIPT_FILES`], most informative first: the one read when a folder
/// holds several.
const PREFERENCE: [&str; 4] = ["transcript.json", "transcript.vtt", "transcript.srt", "transcript.txt"];

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Metadata {
    title: Option<String>,
    show: Option<String>,
    date: Option<String>,
    description: Option<String>,
    audio: Option<Spanned<String>>,
    duration: Option<Spanned<String>>,
    words_per_minute: Option<Spanned<u32>>,
    #[serde(default)]
    speakers: Vec<SpeakerEntry>,
    #[serde(default)]
    turns: Vec<Turn>,
    #[serde(default)]
    chapters: Vec<ChapterEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeakerEntry {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    role: String,
    /// Generic labels in the transcript that are this speaker
    /// (`SPEAKER_00`, `Speaker 1`); `label` is the one-label spelling.
    #[serde(default)]
    labels: Vec<Spanned<String>>,
    label: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Turn {
    speaker: Spanned<String>,
    at: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)] // Documented for readers of the file; not yet shown in the widget.
    kind: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChapterEntry {
    title: Spanned<String>,
    at: Option<Spanned<String>>,
    start: Option<Spanned<String>>,
}

/// Finds the transcript file of an episode folder.
///
/// When a folder holds more than one, the one that says most is read: JSON
/// (word times), then WebVTT and SRT (times and voices), then plain text;
/// [`load`] warns about the others.
pub fn transcript_path(dir: &Path) -> Result<PathBuf, ParseError> {
    PREFERENCE.iter().map(|name| dir.join(name)).find(|p| p.is_file()).ok_or_else(|| {
        ParseError::of(
            ErrorKind::Read,
            1,
            format!("no transcript here: expected one of {}", TRANSCRIPT_FILES.join(", ")),
        )
        .in_file(dir.display().to_string())
    })
}

/// Loads an episode folder, with the transcript's warnings.
pub fn load(dir: &Path) -> Result<Loaded, ParseError> {
    let transcript_file = transcript_path(dir)?;
    let name = transcript_file.display().to_string();
    let (text, read_warnings) = read_transcript(&transcript_file)?;
    let mut parsed = parse_cues_as(&text, Format::from_path(&transcript_file)).map_err(|e| e.in_file(&name))?;
    let mut warnings: Vec<Warning> = PREFERENCE
        .iter()
        .map(|other| dir.join(other))
        .filter(|other| *other != transcript_file && other.is_file())
        .map(|other| {
            let read = transcript_file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            ParseError::of(
                ErrorKind::Read,
                1,
                format!("not read: this folder's {read} is (one transcript per episode; remove the other)"),
            )
            .in_file(other.display().to_string())
        })
        .collect();
    warnings.extend(read_warnings);
    warnings.extend(std::mem::take(&mut parsed.warnings).into_iter().map(|w| w.in_file(&name)));

    let meta_file = dir.join(METADATA_FILE);
    let transcript = if meta_file.exists() {
        let meta_text = read_text(&meta_file)?;
        apply(parsed, &meta_text).map_err(|e| e.in_file(meta_file.display().to_string()))?
    } else {
        assemble(parsed, &Options::default()).map_err(|e| e.in_file(&name))?
    };
    Ok(Loaded { transcript, warnings })
}

/// Whether `audio` can be an audio file's address on a page: an http(s)
/// URL, or a path (no scheme: `episode.mp3`, `/media/1.mp3`,
/// `//cdn.example/1.mp3`). Other schemes (`javascript:`, `data:`, `file:`)
/// are not.
fn is_audio_address(audio: &str) -> bool {
    let audio = audio.trim();
    let scheme_end = audio.find(':').filter(|&colon| {
        let scheme = &audio[..colon];
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !audio[..colon].contains('/')
    });
    match scheme_end {
        None => true,
        Some(colon) => matches!(audio[..colon].to_ascii_lowercase().as_str(), "http" | "https"),
    }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count()
}

/// Applies `episode.toml` text to parsed cues. Errors carry the metadata
/// file's line (the caller names the file).
pub fn apply(mut parsed: Parsed, meta_text: &str) -> Result<Transcript, ParseError> {
    let meta: Metadata = toml::from_str(meta_text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(meta_text, s.start));
        ParseError::of(ErrorKind::Metadata, line, e.message().trim_end().to_string())
    })?;
    let at_line = |span: std::ops::Range<usize>| line_of(meta_text, span.start);

    let header = &mut parsed.header;
    for (field, value) in [
        (&mut header.title, &meta.title),
        (&mut header.show, &meta.show),
        (&mut header.date, &meta.date),
        (&mut header.description, &meta.description),
    ] {
        if let Some(value) = value {
            value.clone_into(field);
        }
    }

    let mut speakers: Vec<Speaker> = Vec::new();
    let mut labels: Vec<(String, String)> = Vec::new();
    for s in &meta.speakers {
        let id = s.id.get_ref();
        if id.is_empty() || !id.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            return Err(ParseError::of(
                ErrorKind::Metadata,
                at_line(s.id.span()),
                format!("speaker id {id:?} must be letters, digits, `-` or `_` (it goes in URLs)"),
            ));
        }
        if speakers.iter().any(|known| &known.id == id) {
            return Err(ParseError::of(
                ErrorKind::Metadata,
                at_line(s.id.span()),
                format!("speaker id {id:?} is listed twice"),
            ));
        }
        speakers.push(Speaker { id: id.clone(), name: s.name.clone(), role: s.role.clone() });
        for label in s.labels.iter().chain(&s.label) {
            if let Some((_, other)) = labels.iter().find(|(known, _)| known.eq_ignore_ascii_case(label.get_ref())) {
                return Err(ParseError::of(
                    ErrorKind::Metadata,
                    at_line(label.span()),
                    format!("label {:?} is already given to speaker {other:?}", label.get_ref()),
                ));
            }
            labels.push((label.get_ref().clone(), id.clone()));
        }
    }

    let duration = match &meta.duration {
        Some(d) => Some(parse_clock(d.get_ref()).ok_or_else(|| {
            ParseError::of(
                ErrorKind::Metadata,
                at_line(d.span()),
                format!("duration {:?} is not a time; write seconds or a clock like \"1:07:30\"", d.get_ref()),
            )
        })?),
        None => None,
    };
    let words_per_minute = match &meta.words_per_minute {
        Some(w) if !(60..=400).contains(w.get_ref()) => {
            return Err(ParseError::of(
                ErrorKind::Metadata,
                at_line(w.span()),
                "words_per_minute must be between 60 and 400",
            ));
        }
        Some(w) => *w.get_ref(),
        None => Options::default().words_per_minute,
    };

    // Every word of the transcript, as (cue index, byte offset in cue text).
    let cues = std::mem::take(&mut parsed.cues);
    let words: Vec<(usize, usize, &str)> = cues
        .iter()
        .enumerate()
        .flat_map(|(c, cue)| {
            cue.text
                .split(' ')
                .filter(|w| !w.is_empty())
                .scan(0, move |at, w| {
                    let offset = *at + cue.text[*at..].find(w).unwrap_or(0);
                    *at = offset + w.len();
                    Some((c, offset, w))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let plain: Vec<&str> = words.iter().map(|w| w.2).collect();

    if !meta.turns.is_empty() {
        let mut starts: Vec<(usize, String)> = Vec::new();
        let mut from = 0;
        for turn in &meta.turns {
            let id = turn.speaker.get_ref();
            if !speakers.iter().any(|s| &s.id == id) {
                return Err(ParseError::of(
                    ErrorKind::Metadata,
                    at_line(turn.speaker.span()),
                    format!("turn speaker {id:?} is not in [[speakers]]"),
                ));
            }
            let at = find_anchor(&plain, turn.at.get_ref(), from)
                .ok_or_else(|| anchor_error(&plain, "turn", &turn.at, from, at_line(turn.at.span())))?;
            starts.push((at, id.clone()));
            from = at + 1;
        }
        if starts[0].0 != 0 {
            return Err(ParseError::of(
                ErrorKind::Metadata,
                at_line(meta.turns[0].at.span()),
                "the first turn must start at the transcript's first word, so that every word has a speaker",
            ));
        }
        parsed.cues = split_at_turns(&cues, &words, &starts, &speakers);
    } else {
        parsed.cues = cues.clone();
    }

    let mut transcript = assemble(parsed, &Options { words_per_minute, duration, speakers, labels })?;
    if let Some(audio) = meta.audio.as_ref().filter(|a| !a.get_ref().is_empty()) {
        if !is_audio_address(audio.get_ref()) {
            return Err(ParseError::of(
                ErrorKind::Metadata,
                at_line(audio.span()),
                format!(
                    "audio `{}` is not a web address: give an http(s) URL or a path relative to the page",
                    super::shorten(audio.get_ref())
                ),
            ));
        }
        transcript.audio_url = Some(audio.get_ref().clone());
    }

    let mut from = 0;
    for chapter in &meta.chapters {
        let start = match (&chapter.at, &chapter.start) {
            (Some(at), None) => {
                let word = find_anchor(&plain, at.get_ref(), from)
                    .ok_or_else(|| anchor_error(&plain, "chapter", at, from, at_line(at.span())))?;
                from = word + 1;
                start_of_word(&transcript, word)
            }
            (None, Some(start)) => parse_clock(start.get_ref()).ok_or_else(|| {
                ParseError::of(
                    ErrorKind::Metadata,
                    at_line(start.span()),
                    format!("chapter start {:?} is not a time like \"12:34\"", start.get_ref()),
                )
            })?,
            _ => {
                return Err(ParseError::of(
                    ErrorKind::Metadata,
                    at_line(chapter.title.span()),
                    "a chapter needs exactly one of `at` (opening words) or `start` (a time)",
                ))
            }
        };
        transcript.chapters.push(Chapter { start, title: chapter.title.get_ref().clone() });
    }
    transcript.chapters.sort_by_key(|c| c.start);
    Ok(transcript)
}

/// Index of the first word of the first occurrence of `anchor` at or after `from`.
fn find_anchor(words: &[&str], anchor: &str, from: usize) -> Option<usize> {
    let needle: Vec<&str> = anchor.split_whitespace().collect();
    if needle.is_empty() || from >= words.len() {
        return None;
    }
    (from..=words.len().saturating_sub(needle.len())).find(|&i| words[i..i + needle.len()] == needle[..])
}

fn anchor_error(words: &[&str], what: &str, anchor: &Spanned<String>, from: usize, line: usize) -> ParseError {
    let context = words[from.min(words.len())..].iter().take(8).copied().collect::<Vec<_>>().join(" ");
    let anchor = anchor.get_ref();
    ParseError::of(
        ErrorKind::Metadata,
        line,
        format!(
            "{what} anchor {anchor:?} is not in the transcript after word {from} (which reads {context:?}); \
             copy the opening words exactly, in order"
        ),
    )
}

/// Start time of the segment holding the transcript's `word`-th word.
fn start_of_word(transcript: &Transcript, word: usize) -> Millis {
    let mut seen = 0;
    for s in &transcript.segments {
        seen += s.text.split(' ').count();
        if word < seen {
            return s.start;
        }
    }
    transcript.duration()
}

/// Splits cues where turns start, giving each piece its turn's speaker.
fn split_at_turns(
    cues: &[Cue],
    words: &[(usize, usize, &str)],
    starts: &[(usize, String)],
    speakers: &[Speaker],
) -> Vec<Cue> {
    let name_of = |id: &str| speakers.iter().find(|s| s.id == id).map(|s| s.name.clone());
    let mut out: Vec<Cue> = Vec::new();
    let mut turn = 0;
    for (i, &(cue_index, _, word)) in words.iter().enumerate() {
        while turn + 1 < starts.len() && starts[turn + 1].0 <= i {
            turn += 1;
        }
        let cue = &cues[cue_index];
        let same_piece = out
            .last()
            .is_some_and(|last| last.line == cue.line && i > 0 && words[i - 1].0 == cue_index && starts[turn].0 != i);
        if same_piece {
            let last = out.last_mut().expect("checked above");
            last.text.push(' ');
            last.text.push_str(word);
        } else {
            let speaker = name_of(&starts[turn].1).or_else(|| cue.speaker.clone());
            // Pieces of an untimed cue stay untimed; a timed cue keeps its
            // times on each piece (assemble orders and clamps them).
            out.push(Cue {
                start: cue.start,
                end: cue.end,
                speaker,
                text: word.to_string(),
                words: Vec::new(),
                line: cue.line,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str) -> Parsed {
        Parsed { cues: vec![Cue { text: text.into(), line: 5, ..Cue::default() }], ..Parsed::default() }
    }

    const SPEAKERS: &str = "[[speakers]]\nid = \"a\"\nname = \"Ann\"\n[[speakers]]\nid = \"b\"\nname = \"Bo\"\n";

    #[test]
    fn turns_assign_speakers_without_changing_words() {
        let meta = format!("{SPEAKERS}[[turns]]\nspeaker = \"a\"\nat = \"Hello there.\"\n[[turns]]\nspeaker = \"b\"\nat = \"Hi. Nice\"\n");
        let t = apply(prose("Hello there. How are you? Hi. Nice to be here."), &meta).unwrap();
        let who: Vec<(&str, &str)> =
            t.segments.iter().map(|s| (t.speakers[s.speaker.unwrap() as usize].id.as_str(), s.text.as_str())).collect();
        assert_eq!(who, [("a", "Hello there. How are you?"), ("b", "Hi. Nice to be here.")]);
    }

    #[test]
    fn audio_is_a_web_address_or_a_path() {
        for ok in [
            "https://cdn.example/1.mp3",
            "HTTP://x/1.mp3",
            "episode.mp3",
            "/media/1.mp3",
            "//cdn.example/1.mp3",
            "a/b:c.mp3",
        ] {
            let t = apply(prose("Hello."), &format!("title = \"T\"\naudio = \"{ok}\"\n")).unwrap();
            assert_eq!(t.audio_url.as_deref(), Some(ok));
        }
        for bad in ["javascript:alert(7)", "data:audio/mp3;base64,AAAA", "file:///home/me/1.mp3", " JavaScript:void(0)"]
        {
            let e = apply(prose("Hello."), &format!("title = \"T\"\naudio = \"{bad}\"\n")).unwrap_err();
            assert_eq!(e.line, 2, "{bad}");
            assert!(e.message.contains("is not a web address"), "{}", e.message);
        }
    }

    #[test]
    fn a_missing_anchor_names_its_line() {
        let meta = format!(
            "{SPEAKERS}[[turns]]\nspeaker = \"a\"\nat = \"Hello\"\n[[turns]]\nspeaker = \"b\"\nat = \"Goodbye now\"\n"
        );
        let e = apply(prose("Hello there."), &meta).unwrap_err();
        assert_eq!(e.line, 12);
        assert!(e.message.contains("\"Goodbye now\" is not in the transcript"), "{}", e.message);
    }

    #[test]
    fn anchors_are_searched_after_the_previous_turn() {
        let meta =
            format!("{SPEAKERS}[[turns]]\nspeaker = \"a\"\nat = \"Yes.\"\n[[turns]]\nspeaker = \"b\"\nat = \"Yes.\"\n");
        let t = apply(prose("Yes. Yes."), &meta).unwrap();
        assert_eq!(t.segments.len(), 2);
    }

    #[test]
    fn unknown_speakers_and_fields_are_errors() {
        let e = apply(prose("Hi."), "[[turns]]\nspeaker = \"zed\"\nat = \"Hi.\"\n").unwrap_err();
        assert_eq!((e.line, e.message.contains("not in [[speakers]]")), (2, true));
        let e = apply(prose("Hi."), "titel = \"x\"\n").unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn chapters_start_at_their_anchor_segment() {
        let meta =
            "[[chapters]]\ntitle = \"Intro\"\nat = \"One.\"\n[[chapters]]\ntitle = \"Later\"\nstart = \"0:10\"\n";
        let t = apply(prose("One. Two."), meta).unwrap();
        assert_eq!(
            t.chapters,
            [Chapter { start: 0, title: "Intro".into() }, Chapter { start: 10_000, title: "Later".into() }]
        );
    }
}
