//! Transcript files in, [`Transcript`]s out.
//!
//! In: the bytes of a transcript (WebVTT, SRT, JSON from Podcasting 2.0,
//! Whisper and its relatives, or plain text), optionally with an episode
//! folder's metadata. A known file extension says the format (and a file
//! that is not what its extension says is an error); otherwise the format is
//! detected from the content. Out: a [`Transcript`] with the [`Warning`]s
//! met on the way, or a [`ParseError`] naming the file and the 1-based line.
//!
//! Readers are lenient like a browser: what a browser drops and goes on
//! from (one malformed cue) is dropped with a warning that says where and
//! what; callers that want every warning to be an error (`--strict`) check
//! [`Loaded::warnings`]. A transcript with no words is an error.
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
mod label;
mod service_json;
pub mod srt;
pub mod survey;
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
    /// The format a file's extension promises (`None`: unknown, so the
    /// content decides). `.txt` promises nothing: editors export every kind
    /// of layout under it.
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "vtt" | "webvtt" => Some(Format::Vtt),
            "srt" => Some(Format::Srt),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// What the format is called in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Vtt => "WebVTT",
            Format::Srt => "SRT",
            Format::Json => "JSON",
            Format::Text => "plain text",
        }
    }

    /// Detects the format from the content (not the file name).
    pub fn detect(text: &str) -> Format {
        let body = text.trim_start_matches('\u{feff}').trim_start();
        // A mistyped signature (`webvtt`, `WEBVT`, `WEBSRT`) still means the
        // file was meant as WebVTT: its reader says what is wrong, where
        // plain text would quietly index the signature and the timings.
        let head = body.get(..6).unwrap_or(body).to_ascii_uppercase();
        if head.starts_with("WEBVT") || head.starts_with("WEBSRT") {
            return Format::Vtt;
        }
        // An object, or an array of objects (`[00:01:23] Ann:` is text).
        if body.starts_with('{') || body.strip_prefix('[').is_some_and(|rest| rest.trim_start().starts_with('{')) {
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

/// What kind of thing went wrong, for callers and tests that act on it
/// (the message says it to people).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ErrorKind {
    /// The file could not be read, or is not UTF-8.
    Read,
    /// The file is not the format its extension or signature says
    /// (a `.vtt` without `WEBVTT`, a `.json` that is not JSON).
    WrongFormat,
    /// The structure is broken: JSON syntax, text before the first cue, a
    /// block that is not a cue.
    #[default]
    Syntax,
    /// A time or a timing line that cannot be read.
    Timing,
    /// Times out of order: a cue that ends before it starts.
    TimeOrder,
    /// A field is missing or has the wrong type (JSON).
    Field,
    /// The transcript has no words at all.
    NoWords,
    /// Beyond what the index can hold (too many speakers, absurd times).
    Limit,
    /// The episode's metadata (`episode.toml`) is wrong.
    Metadata,
    /// Not a problem: a line left out on purpose because it is the
    /// exporting tool's, not the conversation's (Otter's `Transcribed by
    /// https://otter.ai` footer). Reported as a note, which `--strict` does
    /// not turn into an error: a tool's ordinary export must index.
    Note,
}

/// What went wrong reading a transcript, and where. Also the shape of a
/// warning: a [`Warning`] is a problem that was worked around.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The file (as the user named it); empty until [`ParseError::in_file`].
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// What was wrong and what was expected.
    pub message: String,
}

/// A problem a reader worked around (a dropped cue, a clamped time): the
/// same fields as an error, reported on stderr with exit 0 unless strict.
pub type Warning = ParseError;

impl ParseError {
    /// An error at a 1-based line, of the default kind ([`ErrorKind::Syntax`]).
    pub fn new(line: usize, message: impl Into<String>) -> ParseError {
        ParseError { file: String::new(), line, kind: ErrorKind::default(), message: message.into() }
    }

    /// An error of a given kind at a 1-based line.
    pub fn of(kind: ErrorKind, line: usize, message: impl Into<String>) -> ParseError {
        ParseError { kind, ..ParseError::new(line, message) }
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
    /// What was dropped or corrected on the way, in source order.
    pub warnings: Vec<Warning>,
}

/// A transcript read from a file, with the warnings met on the way (each
/// naming the file).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Loaded {
    /// The transcript.
    pub transcript: Transcript,
    /// What was dropped or corrected, in source order.
    pub warnings: Vec<Warning>,
}

/// Reads transcript text of any supported format into cues (the format
/// detected from the content).
pub fn parse_cues(text: &str) -> Result<Parsed, ParseError> {
    parse_cues_as(text, None)
}

/// Reads transcript text into cues as `format` (when the file's extension
/// promises one), or as the content says.
pub fn parse_cues_as(text: &str, format: Option<Format>) -> Result<Parsed, ParseError> {
    let parsed = match format.unwrap_or_else(|| Format::detect(text)) {
        Format::Vtt => vtt::parse(text),
        Format::Srt => srt::parse(text),
        Format::Json => json::parse(text),
        Format::Text => text::parse(text),
    }?;
    if parsed.cues.iter().all(|c| c.text.is_empty()) {
        let what = if text.trim_start_matches('\u{feff}').trim().is_empty() {
            "the file is empty"
        } else {
            "no spoken words were found in the file"
        };
        let hint = format.map_or(String::new(), |f| format!(" (read as {}, as its extension says)", f.name()));
        return Err(ParseError::of(ErrorKind::NoWords, 1, format!("{what}{hint}; a transcript needs words to index")));
    }
    Ok(parsed)
}

/// Reads transcript text (any format) into a [`Transcript`], leniently:
/// warnings are dropped (see [`load`] to keep them).
pub fn parse_str(text: &str) -> Result<Transcript, ParseError> {
    let parsed = parse_cues(text)?;
    assemble::assemble(parsed, &assemble::Options::default())
}

/// Reads a transcript file, or an episode folder (transcript + metadata),
/// with the warnings met on the way.
pub fn load(path: &Path) -> Result<Loaded, ParseError> {
    if path.is_dir() {
        return episode::load(path);
    }
    let name = path.display().to_string();
    let (text, mut warnings) = read_transcript(path)?;
    let mut parsed = parse_cues_as(&text, Format::from_path(path)).map_err(|e| e.in_file(&name))?;
    warnings.extend(std::mem::take(&mut parsed.warnings).into_iter().map(|w| w.in_file(&name)));
    let transcript = assemble::assemble(parsed, &assemble::Options::default()).map_err(|e| e.in_file(&name))?;
    Ok(Loaded { transcript, warnings })
}

/// Reads a transcript file as UTF-8 (or UTF-16 with its byte order mark,
/// as Windows subtitle tools save it). JSON, which tools write as UTF-8 by
/// rule: a broken sequence (whisper.cpp's full output cuts Chinese and
/// Japanese characters between its tokens) becomes U+FFFD, with a warning
/// at its line, as a browser decodes it. Other text that is not UTF-8 is
/// read as Windows-1252, as a browser reads a page that names no encoding
/// (older SRT files are often saved so), with a warning at the first line
/// that is not UTF-8; a file with NUL bytes is refused, with a located
/// error.
pub fn read_transcript(path: &Path) -> Result<(String, Vec<Warning>), ParseError> {
    let bytes = read_bytes(path)?;
    if let Some(text) = utf16_with_bom(&bytes) {
        return Ok((text, Vec::new()));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, Vec::new())),
        Err(e) if Format::from_path(path) != Some(Format::Json) && !e.as_bytes().contains(&0) => {
            let warning = ParseError::of(
                ErrorKind::Read,
                first_bad_line(&e),
                "the file is not UTF-8: read as Windows-1252 (Western European); \
                 if its accented letters look wrong, save it as UTF-8",
            )
            .in_file(path.display().to_string());
            Ok((windows_1252(e.as_bytes()), vec![warning]))
        }
        Err(e) if Format::from_path(path) == Some(Format::Json) => {
            let warning = ParseError::of(
                ErrorKind::Read,
                first_bad_line(&e),
                "bytes that are not UTF-8 (a character cut in two?) are read as U+FFFD, the replacement character",
            )
            .in_file(path.display().to_string());
            Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), vec![warning]))
        }
        Err(e) => Err(not_utf8(path, &e)),
    }
}

/// Text in UTF-16 that starts with its byte order mark, decoded (unpaired
/// surrogates as U+FFFD); `None` without the mark.
fn utf16_with_bom(bytes: &[u8]) -> Option<String> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    Some(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
}

/// Windows-1252 bytes as text: Latin-1, but for 0x80..0x9F, which hold
/// typographic quotes, dashes, `€` and a few letters (the five bytes it
/// leaves undefined stay the control characters of the same value, as
/// browsers decode them).
fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    bytes.iter().map(|&b| if (0x80..0xA0).contains(&b) { HIGH[usize::from(b - 0x80)] } else { char::from(b) }).collect()
}

/// Reads a file as UTF-8, with a located error when it is not.
pub fn read_text(path: &Path) -> Result<String, ParseError> {
    String::from_utf8(read_bytes(path)?).map_err(|e| not_utf8(path, &e))
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, ParseError> {
    std::fs::read(path).map_err(|e| {
        ParseError::of(ErrorKind::Read, 1, format!("cannot read the file: {e}")).in_file(path.display().to_string())
    })
}

/// The 1-based line of the first bytes that are not UTF-8.
fn first_bad_line(e: &std::string::FromUtf8Error) -> usize {
    1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count()
}

fn not_utf8(path: &Path, e: &std::string::FromUtf8Error) -> ParseError {
    ParseError::of(ErrorKind::Read, first_bad_line(e), "the file is not valid UTF-8; save it as UTF-8 and try again")
        .in_file(path.display().to_string())
}

/// Whisper's `--highlight_words` captions show a segment's text once per
/// word, that word underlined (`<u>`), each for the word's time. Merges a
/// cue that repeats the one before it so into it: `shown` gives a cue's
/// visible text and whether it underlines; `extend` stretches the kept cue
/// over the repeat (false when they cannot merge).
pub(crate) fn merge_highlight_repeats<T>(
    cues: Vec<T>,
    shown: impl Fn(&T) -> (String, bool),
    extend: impl Fn(&mut T, &T) -> bool,
) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(cues.len());
    let mut last_shown: Option<(String, bool)> = None;
    for cue in cues {
        let now = shown(&cue);
        let repeat =
            last_shown.as_ref().is_some_and(|before| before.1 && now.1 && before.0 == now.0 && !now.0.is_empty());
        if !(repeat && out.last_mut().is_some_and(|last| extend(last, &cue))) {
            out.push(cue);
        }
        last_shown = Some(now);
    }
    out
}

/// Most lines a rolling caption repeats from the cue before it.
const MAX_ROLLED_LINES: usize = 4;

/// Auto-captions roll: a cue repeats the previous cue's last lines above
/// its new one (and video hosts add a 10 ms cue that repeats it all). Given
/// each cue's visible lines, how many of each cue's first lines repeat the
/// cue before it, when most cues do that (so that a real repeated sentence
/// in ordinary captions is never taken for a roll); else `None`. WebVTT as
/// the hosts publish it and SRT converted from it (`yt-dlp
/// --convert-subs srt`) both roll.
pub(crate) fn rolled_lines(cues: &[Vec<&str>]) -> Option<Vec<usize>> {
    let rolled: Vec<usize> = std::iter::once(0)
        .chain(cues.windows(2).map(|pair| {
            let (before, now) = (&pair[0], &pair[1]);
            (1..=MAX_ROLLED_LINES.min(before.len()).min(now.len()))
                .rev()
                .find(|&k| before[before.len() - k..] == now[..k])
                .unwrap_or(0)
        }))
        .collect();
    // A roll brings new lines under the repeated ones (captions that only
    // repeat themselves are not one).
    let rolling = rolled.iter().filter(|&&k| k > 0).count();
    let adding = rolled.iter().zip(cues).filter(|(&k, lines)| k > 0 && k < lines.len()).count();
    (rolling >= 3 && adding > 0 && rolling * 2 >= cues.len()).then_some(rolled)
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

/// Text as a message quotes it: at most 60 characters, `…` marking a cut,
/// so that one long line does not flood the terminal.
pub(crate) fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats_from_content() {
        assert_eq!(Format::detect("\u{feff}WEBVTT\n\n00:00.000 --> 00:01.000\nhi"), Format::Vtt);
        assert_eq!(Format::detect("\n1\n00:00:00,000 --> 00:00:01,000\nhi"), Format::Srt);
        assert_eq!(Format::detect(" {\"version\": \"1.0\"}"), Format::Json);
        assert_eq!(Format::detect("[\n  {\"start\": 0}]"), Format::Json);
        assert_eq!(Format::detect("[00:01:23] Ann: hi"), Format::Text);
        assert_eq!(Format::detect("Alex: hello"), Format::Text);
        assert_eq!(Format::detect(""), Format::Text);
    }

    #[test]
    fn a_mistyped_signature_is_still_webvtt() {
        for text in ["webvtt\n\n00:01.000 --> 00:02.000\nhi", "WEBVT\n", "WEBSRT\n\n1\n"] {
            assert_eq!(Format::detect(text), Format::Vtt, "{text:?}");
        }
    }

    #[test]
    fn extensions_promise_formats_except_txt() {
        assert_eq!(Format::from_path(Path::new("a/episode.VTT")), Some(Format::Vtt));
        assert_eq!(Format::from_path(Path::new("x.srt")), Some(Format::Srt));
        assert_eq!(Format::from_path(Path::new("x.json")), Some(Format::Json));
        assert_eq!(Format::from_path(Path::new("x.txt")), None);
        assert_eq!(Format::from_path(Path::new("transcript")), None);
    }

    #[test]
    fn a_transcript_without_words_is_an_error() {
        for text in ["", "  \n\n", "WEBVTT\n\nNOTE nothing\n", "{\"version\": \"1.0\", \"segments\": []}"] {
            let e = parse_cues(text).unwrap_err();
            assert_eq!(e.kind, ErrorKind::NoWords, "{text:?}: {e}");
        }
    }

    #[test]
    fn a_file_that_is_not_what_its_extension_says_is_an_error() {
        let e = parse_cues_as("Hello there.", Some(Format::Vtt)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::WrongFormat, "{e}");
        let e = parse_cues_as("Hello there.", Some(Format::Json)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::WrongFormat, "{e}");
    }

    #[test]
    fn quotes_are_shortened_at_a_char_boundary() {
        assert_eq!(shorten("short"), "short");
        assert_eq!(shorten(&"é".repeat(60)), "é".repeat(60));
        assert_eq!(shorten(&"é".repeat(61)), format!("{}…", "é".repeat(60)));
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = ParseError::new(3, "expected a time").in_file("a.vtt");
        assert_eq!(e.to_string(), "a.vtt:3: expected a time");
    }
}
