//! Transcript files in, [`Transcript`]s out.
//!
//! In: the bytes of a transcript (WebVTT, SRT, Podcasting 2.0 JSON or plain
//! text; the format is detected from the content), optionally with an
//! episode folder's metadata. Out: a [`Transcript`], or a [`ParseError`]
//! naming the file and the 1-based line.
//!
//! Each format module turns text into [`Cue`]s (what the source says, in
//! source order); [`assemble`] turns cues into readable segments with times.
//! Always holds: every word of the source's spoken text reaches a segment,
//! in order; markup, labels and timestamps do not; no input panics.

pub mod assemble;
pub use crate::clock;
pub mod episode;
#[cfg(test)]
mod fuzz;
pub mod json;
pub mod srt;
pub mod text;
pub mod vtt;

use std::fmt;
use std::path::Path;

use crate::transcript::{Millis, Transcript, WordTime};

/// A transcript file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// WebVTT (`WEBVTT` signature).
    Vtt,
    /// SubRip (numbered cues with `-->`).
    Srt,
    /// Podcasting 2.0 JSON (`{"version", "segments": [...]}`).
    Json,
    /// Plain text: labelled lines, timestamped lines or unlabelled prose.
    Text,
}

impl Format {
    /// Detects the format from the content (not the file name).
    pub fn detect(text: &str) -> Format {
        let body = text.trim_start_matches('\u{feff}').trim_start();
        if body.starts_with("WEBVTT") {
            return Format::Vtt;
        }
        if body.starts_with('{') {
            return Format::Json;
        }
        let mut lines = body.lines().map(str::trim).filter(|l| !l.is_empty());
        let is_timing =
            |line: &str| line.split_once("-->").is_some_and(|(a, _)| clock::parse_clock(a.trim()).is_some());
        match (lines.next(), lines.next()) {
            (Some(first), _) if is_timing(first) => return Format::Srt,
            (Some(first), Some(second)) if first.chars().all(|c| c.is_ascii_digit()) && second.contains("-->") => {
                return Format::Srt
            }
            _ => {}
        }
        Format::Text
    }
}

/// What went wrong reading a transcript, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The file (as the user named it); empty until [`ParseError::in_file`].
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What was wrong and what was expected.
    pub message: String,
}

impl ParseError {
    /// An error at a 1-based line.
    pub fn new(line: usize, message: impl Into<String>) -> ParseError {
        ParseError { file: String::new(), line, message: message.into() }
    }

    /// The same error, naming the file it came from.
    pub fn in_file(mut self, file: impl Into<String>) -> ParseError {
        self.file = file.into();
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// One unit of speech as the source gives it: a caption cue, a JSON
/// segment, a labelled line, or a run of unlabelled prose.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Cue {
    /// Start time, if the source gives one.
    pub start: Option<Millis>,
    /// End time, if the source gives one.
    pub end: Option<Millis>,
    /// Speaker's display name, if the source gives one.
    pub speaker: Option<String>,
    /// Spoken text: markup removed, character references decoded,
    /// whitespace (including line breaks) collapsed to single spaces.
    pub text: String,
    /// Word times inside `text`, when the source has them.
    pub words: Vec<WordTime>,
    /// 1-based line where the cue starts in the source (for errors).
    pub line: usize,
}

/// Episode metadata found inside a transcript file (page-scrape headers,
/// WebVTT headers): anything left empty is unknown.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Header {
    /// Episode title.
    pub title: String,
    /// Show name.
    pub show: String,
    /// Date, ISO (`2025-04-16`) when it could be read as a date.
    pub date: String,
    /// Description.
    pub description: String,
}

/// A transcript file read into cues, before segmenting.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Parsed {
    /// Metadata found in the file.
    pub header: Header,
    /// The cues in source order.
    pub cues: Vec<Cue>,
}

/// Reads transcript text of any supported format into cues.
pub fn parse_cues(text: &str) -> Result<Parsed, ParseError> {
    match Format::detect(text) {
        Format::Vtt => vtt::parse(text),
        Format::Srt => srt::parse(text),
        Format::Json => json::parse(text),
        Format::Text => text::parse(text),
    }
}

/// Reads transcript text (any format) into a [`Transcript`].
pub fn parse_str(text: &str) -> Result<Transcript, ParseError> {
    let parsed = parse_cues(text)?;
    Ok(assemble::assemble(parsed, &assemble::Options::default()))
}

/// Reads a transcript file, or an episode folder (transcript + metadata).
pub fn load(path: &Path) -> Result<Transcript, ParseError> {
    if path.is_dir() {
        return episode::load(path);
    }
    let text = read_text(path)?;
    parse_str(&text).map_err(|e| e.in_file(path.display().to_string()))
}

/// Reads a file as UTF-8, with a located error when it is not.
pub(crate) fn read_text(path: &Path) -> Result<String, ParseError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ParseError::new(1, format!("cannot read the file: {e}")).in_file(path.display().to_string()))?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
        ParseError::new(line, "the file is not valid UTF-8; save it as UTF-8 and try again")
            .in_file(path.display().to_string())
    })
}

/// Collapses runs of whitespace (line breaks included) to single spaces and
/// trims the ends: the one text form cues and segments use.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats_from_content() {
        assert_eq!(Format::detect("\u{feff}WEBVTT\n\n00:00.000 --> 00:01.000\nhi"), Format::Vtt);
        assert_eq!(Format::detect("\n1\n00:00:00,000 --> 00:00:01,000\nhi"), Format::Srt);
        assert_eq!(Format::detect(" {\"version\": \"1.0\"}"), Format::Json);
        assert_eq!(Format::detect("Alex: hello"), Format::Text);
        assert_eq!(Format::detect(""), Format::Text);
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = ParseError::new(3, "expected a time").in_file("a.vtt");
        assert_eq!(e.to_string(), "a.vtt:3: expected a time");
    }
}
