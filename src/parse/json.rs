//! JSON transcripts in, cues out: Podcasting 2.0, Whisper, WhisperX,
//! whisper.cpp, AssemblyAI, Rev, Deepgram and Amazon Transcribe, told apart
//! by their keys.
//!
//! In (times in seconds unless said otherwise):
//!
//! - Podcasting 2.0: `{"version", "segments": [{"speaker", "startTime",
//!   "endTime", "body"}]}`.
//! - OpenAI Whisper (`--output_format json`, the API's `verbose_json`):
//!   `{"text", "segments": [{"start", "end", "text", "words": [{"word":
//!   " Hello", "start", "end"}]}], "language"}`, `words` only with word
//!   timestamps. The API lists the words at the top level instead, handed
//!   here to the segments they fall in (or, with no segments, timing the
//!   top-level `text`). The API's default `json`, `{"text"}` alone, has no
//!   times: its text is read as a plain-text transcript (`super::text`).
//! - WhisperX: Whisper's segments with a `"speaker"` (`"SPEAKER_00"`) on
//!   segments and words; its words have no leading space and some (numbers)
//!   have no times. `word_segments` repeats the words and is not read.
//! - whisper.cpp (`-oj`, `-ojf`): `{"transcription": [{"timestamps",
//!   "offsets": {"from", "to"}, "text", "tokens"}]}`, offsets in
//!   milliseconds; with `-ojf`, tokens whose text starts with a space begin
//!   a word; with `--diarize`, `"speaker": "0"` is `Speaker 0` (`"?"`:
//!   nobody).
//! - AssemblyAI with speaker labels: `{"text", "words", "utterances":
//!   [{"speaker": "A", "start", "end", "text", "words"}]}`, times in
//!   milliseconds; one cue per utterance (`Speaker A`), its `words` not read.
//! - Rev: `{"monologues": [{"speaker": 0, "speaker_name", "elements":
//!   [{"type": "text", "value", "ts", "end_ts"}, {"type": "punct",
//!   "value"}]}]}`: one cue per monologue (`speaker_name`, else `Speaker
//!   0`), its text the elements' values in order, with word times.
//! - Deepgram and Amazon Transcribe: their `"results"` word lists
//!   (`super::service_json`).
//! - A bare array of any of those segments.
//!
//! Out: one [`Cue`] per segment, in array order, with times rounded to
//! milliseconds, the text's whitespace collapsed and the speaker if given; a
//! WhisperX segment whose words change speaker gives one cue per speaker
//! run. Word lists give word times only: the text always comes from the
//! segment's own text, each listed word found in it in order. Segments with
//! empty text give no cue. Granularity is otherwise left alone: a word-level
//! Podcasting file gives one cue per word; [`super::assemble`] joins cues
//! into sentences. Consecutive cues with the same start and end (hosts that
//! split one caption into several segments) are joined when they have one
//! speaker and share the span by word count when not, so that assembling
//! cannot interleave their sentences.
//!
//! Lenient like the other readers: a time written as a string is read as
//! the number or clock it spells (`"12.5"`, `"00:00:12.500"`); a segment
//! that cannot be read (its start
//! missing, a time of the wrong type, negative or beyond 1000 hours, its
//! text not a string) is dropped with a [`Warning`] at the line where it
//! starts, quoting its text; a segment that ends before it starts is kept,
//! ending where it starts, with a warning. Invalid JSON and a file that holds
//! no transcript are [`ParseError`]s.
//!
//! Always holds: the text of every kept segment reaches the cues whole; each
//! word time's offset is the start of a word of its cue's text, offsets
//! increasing; `start <= end`; cue lines are where segments start, found
//! from serde_json's raw values in one forward pass; unknown fields and
//! top-level metadata are ignored; no input panics.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{collapse_whitespace, label, shorten, Cue, ErrorKind, ParseError, Parsed, Warning};
use crate::clock::parse_clock;
use crate::transcript::{Millis, WordTime};

/// Longest time accepted, in seconds: 1000 hours, as [`crate::clock`] does.
const MAX_SECONDS: f64 = 1000.0 * 3600.0;

/// Longest excerpt of a wrong value quoted in a message, in chars.
const QUOTE_CHARS: usize = 40;

/// How far past where it should be a listed word is looked for in the text,
/// in bytes: enough to step over a word the list lacks, small enough to keep
/// placing words linear.
const LOOKAHEAD: usize = 64;

/// Reads a JSON transcript (any of the sources above) into cues.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    // serde_json rejects a byte order mark; removing it moves no line.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = text.trim_start();
    if !body.starts_with(['{', '[']) {
        let line = 1 + text[..text.len() - body.len()].matches('\n').count();
        let found: String = body.chars().take(QUOTE_CHARS).take_while(|&c| c != '\n').collect();
        return Err(ParseError::of(
            ErrorKind::WrongFormat,
            line,
            format!("expected JSON (an object starting with `{{`), found `{found}`; is this really a JSON file?"),
        ));
    }
    // Raw values check the whole syntax, and remember where each value is
    // in `text`: that is where error lines come from.
    let root: &RawValue = serde_json::from_str(text).map_err(syntax_error)?;
    let mut lines = Lines::new(text);
    let root_line = lines.of(offset_in(text, root));
    // A bare array is the segments themselves (tools that write only those).
    let bare = root.get().starts_with('[');
    let (fields, array) = if bare {
        (BTreeMap::new(), root)
    } else {
        // Like serde_json's own maps, a repeated key keeps its last value.
        let Ok(fields) = serde_json::from_str::<BTreeMap<String, &RawValue>>(root.get()) else {
            let message = format!("expected a JSON object with a \"segments\" array, found {}", describe_raw(root));
            return Err(ParseError::of(ErrorKind::WrongFormat, root_line, message));
        };
        let array = match (fields.get("transcription"), fields.get("segments")) {
            (Some(&items), _) => items,
            (None, Some(&segments)) => segments,
            (None, None) if fields.contains_key("utterances") => fields["utterances"],
            (None, None) if fields.contains_key("monologues") => fields["monologues"],
            (None, None) if fields.contains_key("text") && fields.contains_key("words") => {
                return Ok(read_text_and_words(&fields, root_line));
            }
            // Deepgram's and Amazon Transcribe's word lists.
            (None, None) if fields.contains_key("results") => {
                let results = serde_json::from_str::<Value>(fields["results"].get()).unwrap_or(Value::Null);
                let line = lines.of(offset_in(text, fields["results"]));
                match super::service_json::parse(&results, line) {
                    Some(parsed) => return parsed,
                    None => return Err(ParseError::of(ErrorKind::WrongFormat, root_line, not_a_transcript(&fields))),
                }
            }
            // The OpenAI API's default `json`: `{"text": "…"}`, no times.
            (None, None) if fields.contains_key("text") => return read_text_alone(&fields, root_line),
            (None, None) => return Err(ParseError::of(ErrorKind::WrongFormat, root_line, not_a_transcript(&fields))),
        };
        (fields, array)
    };
    let array_line = lines.of(offset_in(text, array));
    let Ok(elements) = serde_json::from_str::<Vec<&RawValue>>(array.get()) else {
        let key = ["transcription", "segments", "utterances", "monologues"]
            .into_iter()
            .find(|k| fields.contains_key(*k))
            .unwrap_or("segments");
        let message = format!("expected a \"{key}\" array, found {}", describe_raw(array));
        return Err(ParseError::of(ErrorKind::Field, array_line, message));
    };
    // Segments left empty beside a top-level text (a tool that wrote only
    // the text): the text, as the API's plain `json`.
    if elements.is_empty() && fields.contains_key("text") {
        return read_text_alone(&fields, root_line);
    }
    let source = if fields.contains_key("transcription") {
        Source::WhisperCpp
    } else if !fields.contains_key("segments") && fields.contains_key("utterances") {
        Source::AssemblyAi
    } else if !fields.contains_key("segments") && fields.contains_key("monologues") {
        Source::Rev
    } else if let Some(source) = Source::of_segments(&elements) {
        source
    } else if bare {
        let message = "expected a JSON object with a \"segments\" array, or an array of segments \
                       (objects with \"startTime\" and \"body\", or \"start\" and \"text\"); \
                       found an array with no such object";
        return Err(ParseError::of(ErrorKind::WrongFormat, root_line, message));
    } else {
        Source::of_top_level(&fields)
    };

    let mut cues = Vec::with_capacity(elements.len());
    let mut warnings = Vec::new();
    let mut top_words = match (source, fields.get("words")) {
        (Source::Whisper, Some(raw)) => TopWords::read(raw, lines.of(offset_in(text, raw)), &mut warnings),
        _ => TopWords::default(),
    };
    for (i, raw) in elements.iter().enumerate() {
        let place = Place { source, number: i + 1, line: lines.of(offset_in(text, raw)) };
        match read_segment(place, raw, &mut top_words, &mut warnings) {
            Ok(read) => cues.extend(read),
            Err(dropped) => warnings.push(dropped),
        }
    }
    Ok(Parsed { cues: join_split_captions(cues), warnings, ..Parsed::default() })
}

/// The program that wrote a JSON transcript, told by its keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
    /// Podcasting 2.0: `segments` of `startTime`, `endTime`, `body`.
    Podcasting,
    /// Whisper or WhisperX: `segments` of `start`, `end`, `text`, and maybe
    /// `words` and `speaker`.
    Whisper,
    /// whisper.cpp: `transcription` items of `offsets` and `text`.
    WhisperCpp,
    /// AssemblyAI with speaker labels: `utterances` of `speaker`, `start`
    /// and `end` in milliseconds, `text`.
    AssemblyAi,
    /// Rev's transcript JSON: `monologues` of `speaker` (a number),
    /// `speaker_name` and `elements` (`text` words with `ts` and `end_ts` in
    /// seconds, and `punct` between them, spaces included).
    Rev,
}

impl Source {
    /// Which source a `segments` array comes from, if any segment tells:
    /// the first that has a telling key decides.
    fn of_segments(segments: &[&RawValue]) -> Option<Source> {
        for raw in segments {
            let Ok(Value::Object(segment)) = serde_json::from_str::<Value>(raw.get()) else { continue };
            if segment.contains_key("startTime") || segment.contains_key("body") {
                return Some(Source::Podcasting);
            }
            if segment.contains_key("offsets") || segment.contains_key("timestamps") {
                return Some(Source::WhisperCpp);
            }
            if ["start", "end", "text"].iter().any(|&k| segment.contains_key(k)) {
                return Some(Source::Whisper);
            }
        }
        None
    }

    /// Which source an object's top-level keys say, when no segment tells.
    fn of_top_level(fields: &BTreeMap<String, &RawValue>) -> Source {
        if ["language", "text", "word_segments"].iter().any(|&k| fields.contains_key(k)) {
            Source::Whisper
        } else {
            Source::Podcasting
        }
    }

    /// The key of a segment's text.
    fn text_key(self) -> &'static str {
        match self {
            Source::Podcasting => "body",
            Source::Whisper | Source::WhisperCpp | Source::AssemblyAi => "text",
            Source::Rev => "elements",
        }
    }

    /// What a segment should be, for messages.
    fn expected(self) -> &'static str {
        match self {
            Source::Podcasting => r#"an object with "startTime", "endTime" and "body" (Podcasting 2.0 JSON)"#,
            Source::Whisper => r#"an object with "start", "end" and "text" (Whisper JSON)"#,
            Source::WhisperCpp => r#"an object with "offsets" and "text" (whisper.cpp JSON)"#,
            Source::AssemblyAi => r#"an object with "start", "end" (milliseconds) and "text" (AssemblyAI utterances)"#,
            Source::Rev => r#"an object with "speaker" and "elements" (Rev monologues)"#,
        }
    }
}

/// Where a segment is: its source, its 1-based number in the array and the
/// 1-based line where it starts.
#[derive(Clone, Copy, Debug)]
struct Place {
    source: Source,
    number: usize,
    line: usize,
}

impl Place {
    /// A warning about this segment.
    fn warning(self, kind: ErrorKind, what: impl fmt::Display) -> Warning {
        ParseError::of(kind, self.line, format!("segment {}: {what}", self.number))
    }

    /// The warning that drops this segment, quoting the text that is lost.
    fn dropped(self, problem: Problem, fields: Option<&Map<String, Value>>) -> Warning {
        let text = fields.and_then(|f| f.get(self.source.text_key())).and_then(Value::as_str);
        let lost = text.map(collapse_whitespace).filter(|t| !t.is_empty());
        let what = match lost {
            Some(lost) => {
                format!("{}; the segment is dropped and its text is not read: `{}`", problem.what, shorten(&lost))
            }
            None => format!("{}; the segment is dropped", problem.what),
        };
        self.warning(problem.kind, what)
    }
}

/// Why a segment or a time cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Problem {
    kind: ErrorKind,
    what: String,
}

impl Problem {
    /// A field missing or of the wrong type.
    fn field(what: impl Into<String>) -> Problem {
        Problem { kind: ErrorKind::Field, what: what.into() }
    }

    /// A time that is no plausible time.
    fn timing(what: impl Into<String>) -> Problem {
        Problem { kind: ErrorKind::Timing, what: what.into() }
    }
}

/// Reads one element of the segments array into cues (none for empty
/// text), pushing the warnings of what was worked around; `Err` is the
/// warning that drops it.
fn read_segment(
    place: Place,
    raw: &RawValue,
    top_words: &mut TopWords,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Cue>, Warning> {
    // The syntax is valid; what serde_json can still refuse here is a
    // number beyond `f64` (`1e999`) or nesting beyond its limit.
    let value: Value = serde_json::from_str(raw.get()).map_err(|e| {
        let what = e.to_string();
        let what = what.rsplit_once(" at line ").map_or(what.as_str(), |(what, _)| what);
        place.dropped(Problem::field(format!("cannot be read: {what}")), None)
    })?;
    let Value::Object(fields) = value else {
        let what = format!("expected {}, found {}", place.source.expected(), describe(&value));
        return Err(place.dropped(Problem::field(what), None));
    };
    let read = match place.source {
        Source::Podcasting => read_podcasting(place, &fields, warnings),
        Source::Whisper => read_whisper(place, &fields, top_words, warnings),
        Source::WhisperCpp => read_whisper_cpp(place, &fields, warnings),
        Source::AssemblyAi => read_assembly_ai(place, &fields, warnings),
        Source::Rev => read_rev(place, &fields, warnings),
    };
    read.map_err(|problem| place.dropped(problem, Some(&fields)))
}

/// A Podcasting 2.0 segment: `startTime`, `endTime`, `body`, `speaker`.
fn read_podcasting(
    place: Place,
    fields: &Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Cue>, Problem> {
    let start = seconds(fields, "startTime")?
        .ok_or_else(|| Problem::field("missing \"startTime\" (when the segment starts, in seconds)"))?;
    let end = seconds(fields, "endTime")?;
    let text = text_field(fields, "body")?;
    let end = end_not_before(place, start, end, warnings, || {
        format!("\"endTime\" ({}) is before \"startTime\" ({})", fields["endTime"], fields["startTime"])
    });
    let speaker = speaker(place, fields, warnings);
    Ok(one_cue(Cue { start: Some(start), end, speaker, text, words: Vec::new(), line: place.line }))
}

/// A Whisper or WhisperX segment: `start`, `end`, `text`, `speaker`, and
/// `words` for word times (and, in WhisperX, speakers per word); without
/// `words`, the top-level words that fall in its span.
fn read_whisper(
    place: Place,
    fields: &Map<String, Value>,
    top_words: &mut TopWords,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Cue>, Problem> {
    let start = seconds(fields, "start")?
        .ok_or_else(|| Problem::field("missing \"start\" (when the segment starts, in seconds)"))?;
    let end = seconds(fields, "end")?;
    let text = text_field(fields, "text")?;
    let end = end_not_before(place, start, end, warnings, || {
        format!("\"end\" ({}) is before \"start\" ({})", fields["end"], fields["start"])
    });
    let speaker = speaker(place, fields, warnings);
    let cue = Cue { start: Some(start), end, speaker, text, words: Vec::new(), line: place.line };
    if cue.text.is_empty() {
        return Ok(Vec::new());
    }
    let words = match fields.get("words") {
        None => top_words.take(start, end),
        Some(items) => listed_words(items, |kind, what| warnings.push(place.warning(kind, what))),
    };
    Ok(with_words(cue, &words))
}

/// A whisper.cpp item: times from `offsets` (milliseconds) or else from
/// `timestamps` (clock strings), `text`, and `tokens` for word times.
fn read_whisper_cpp(
    place: Place,
    fields: &Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Cue>, Problem> {
    let offsets = fields.get("offsets").filter(|v| !v.is_null()).map(read_offsets);
    let timestamps = fields.get("timestamps").filter(|v| !v.is_null()).map(read_timestamps);
    let (used, (start, end)) = match (offsets, timestamps) {
        (Some(Ok(times)), _) => ("offsets", times),
        (_, Some(Ok(times))) => ("timestamps", times),
        (Some(Err(problem)), _) | (None, Some(Err(problem))) => return Err(problem),
        (None, None) => {
            return Err(Problem::field(
                "missing \"offsets\" (when the item starts and ends, in milliseconds: {\"from\": 0, \"to\": 3000})",
            ))
        }
    };
    let text = text_field(fields, "text")?;
    let end = end_not_before(place, start, end, warnings, || {
        format!("\"{used}\" \"to\" ({}) is before \"from\" ({})", fields[used]["to"], fields[used]["from"])
    });
    // `--diarize` adds `"speaker": "0"`, `"1"` or `"?"`.
    let who = match fields.get("speaker") {
        Some(Value::String(id)) => label::diarized_name(id).unwrap_or_else(|| speaker(place, fields, warnings)),
        _ => speaker(place, fields, warnings),
    };
    let cue = Cue { start: Some(start), end, speaker: who, text, words: Vec::new(), line: place.line };
    if cue.text.is_empty() {
        return Ok(Vec::new());
    }
    let words = token_words(fields);
    Ok(with_words(cue, &words))
}

/// An AssemblyAI utterance: `speaker` (`"A"`, named `Speaker A`), `start`
/// and `end` in milliseconds, `text`. Its `words` are not read: the
/// utterance's own text and times are.
fn read_assembly_ai(
    place: Place,
    fields: &Map<String, Value>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Cue>, Problem> {
    let start = time_field(fields, "start", Unit::Milliseconds)?
        .ok_or_else(|| Problem::field("missing \"start\" (when the utterance starts, in milliseconds)"))?;
    let end = time_field(fields, "end", Unit::Milliseconds)?;
    let text = text_field(fields, "text")?;
    let end = end_not_before(place, start, end, warnings, || {
        format!("\"end\" ({}) is before \"start\" ({})", fields["end"], fields["start"])
    });
    let who = match fields.get("speaker") {
        Some(Value::String(id)) if (1..=2).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Some(format!("Speaker {id}"))
        }
        _ => speaker(place, fields, warnings),
    };
    Ok(one_cue(Cue { start: Some(start), end, speaker: who, text, words: Vec::new(), line: place.line }))
}

/// A Rev monologue: its speaker (`speaker_name`, else `Speaker <speaker>`),
/// its text (the elements' values in order, whitespace collapsed) and the
/// times of its `text` elements. Starts at its first timed word and ends at
/// the last word's end; an element that cannot be read is skipped with a
/// warning.
fn read_rev(place: Place, fields: &Map<String, Value>, warnings: &mut Vec<Warning>) -> Result<Vec<Cue>, Problem> {
    let Some(Value::Array(elements)) = fields.get("elements") else {
        return Err(Problem::field("missing \"elements\" (the monologue's words and punctuation)"));
    };
    let who = match (fields.get("speaker_name"), fields.get("speaker")) {
        (Some(Value::String(name)), _) if !name.trim().is_empty() => Some(collapse_whitespace(name)),
        (_, Some(Value::Number(n))) => Some(format!("Speaker {n}")),
        _ => speaker(place, fields, warnings),
    };
    let (mut text, mut words) = (String::new(), Vec::new());
    let (mut start, mut end) = (None::<Millis>, None::<Millis>);
    let mut unread = 0;
    for element in elements {
        let Some(value) = element.get("value").and_then(Value::as_str) else {
            unread += 1;
            continue;
        };
        let is_word = element.get("type").and_then(Value::as_str) == Some("text");
        let ts = element.as_object().filter(|_| is_word).map(|e| seconds(e, "ts").ok().flatten());
        let end_ts = element.as_object().filter(|_| is_word).and_then(|e| seconds(e, "end_ts").ok().flatten());
        let mut first = true;
        for c in value.chars() {
            if c.is_whitespace() {
                if !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                }
                continue;
            }
            if first {
                if let Some(Some(at)) = ts {
                    words.push(WordTime { offset: text.len() as u32, start: at });
                    start = Some(start.map_or(at, |s| s.min(at)));
                }
                first = false;
            }
            text.push(c);
        }
        end = end.max(end_ts);
    }
    if unread > 0 {
        warnings.push(place.warning(ErrorKind::Field, format!("{unread} elements without a \"value\" were skipped")));
    }
    let text = text.trim_end().to_string();
    let start = start.ok_or_else(|| Problem::timing("no word has a time (\"ts\")"))?;
    let end = end.filter(|&e| e >= start);
    Ok(one_cue(Cue { start: Some(start), end, speaker: who, text, words, line: place.line }))
}

/// No cue for empty text, else the cue.
fn one_cue(cue: Cue) -> Vec<Cue> {
    if cue.text.is_empty() {
        Vec::new()
    } else {
        vec![cue]
    }
}

/// The unit of a number time field.
#[derive(Clone, Copy, Debug)]
enum Unit {
    Seconds,
    Milliseconds,
}

/// Reads an optional time in seconds (`null` counts as absent).
fn seconds(fields: &Map<String, Value>, key: &str) -> Result<Option<Millis>, Problem> {
    time_field(fields, key, Unit::Seconds)
}

/// Reads an optional time in `unit` (`null` counts as absent).
fn time_field(fields: &Map<String, Value>, key: &str, unit: Unit) -> Result<Option<Millis>, Problem> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => number_time(&format!("\"{key}\""), value, unit).map(Some),
    }
}

/// A time in seconds as every JSON reader here reads one (a number, or one
/// written as a string or a clock), or `None` (for `super::service_json`).
pub(super) fn seconds_value(value: &Value) -> Option<Millis> {
    number_time("a time", value, Unit::Seconds).ok()
}

/// A number of seconds or milliseconds to the nearest millisecond, checked
/// to be a plausible time (`label` names the field in messages).
fn number_time(label: &str, value: &Value, unit: Unit) -> Result<Millis, Problem> {
    let unit_name = match unit {
        Unit::Seconds => "seconds",
        Unit::Milliseconds => "milliseconds",
    };
    // Lenient: a number written as a string (`"12.5"`) is that number, and
    // a clock (`"00:01:02.500"`) that time.
    let written = value.as_str().map(str::trim);
    if let Some(ms) = written.filter(|t| t.contains(':')).and_then(parse_clock) {
        return Ok(ms);
    }
    let number = value.as_f64().or_else(|| written.and_then(|t| t.parse::<f64>().ok()).filter(|n| n.is_finite()));
    let Some(number) = number else {
        return Err(Problem::field(format!("{label} must be a number of {unit_name}, found {}", describe(value))));
    };
    if number < 0.0 {
        return Err(Problem::timing(format!("{label} ({value}) must not be negative")));
    }
    let secs = match unit {
        Unit::Seconds => number,
        Unit::Milliseconds => number / 1000.0,
    };
    // serde_json never yields a NaN or an infinite number, but one must not pass.
    if !secs.is_finite() || secs > MAX_SECONDS {
        let hint = match unit {
            Unit::Seconds => "; times must be in seconds, not milliseconds",
            Unit::Milliseconds => "",
        };
        return Err(Problem::timing(format!("{label} ({value}) is beyond 1000 hours{hint}")));
    }
    // At most 3.6e9, which fits a u32.
    Ok((secs * 1000.0).round() as Millis)
}

/// whisper.cpp's `"offsets": {"from": 0, "to": 3000}` (milliseconds).
fn read_offsets(offsets: &Value) -> Result<(Millis, Option<Millis>), Problem> {
    let Value::Object(offsets) = offsets else {
        return Err(Problem::field(format!(
            "\"offsets\" must be an object like {{\"from\": 0, \"to\": 3000}} (milliseconds), found {}",
            describe(offsets)
        )));
    };
    let time = |key: &str| match offsets.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => number_time(&format!("\"offsets\" \"{key}\""), value, Unit::Milliseconds).map(Some),
    };
    let start = time("from")?.ok_or_else(|| Problem::field("missing \"offsets\" \"from\" (in milliseconds)"))?;
    Ok((start, time("to")?))
}

/// whisper.cpp's `"timestamps": {"from": "00:00:00,000", "to": "00:00:03,000"}`.
fn read_timestamps(timestamps: &Value) -> Result<(Millis, Option<Millis>), Problem> {
    let Value::Object(timestamps) = timestamps else {
        return Err(Problem::field(format!(
            "\"timestamps\" must be an object like {{\"from\": \"00:00:00,000\", \"to\": \"00:00:03,000\"}}, found {}",
            describe(timestamps)
        )));
    };
    let time = |key: &str| match timestamps.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(clock)) => parse_clock(clock).map(Some).ok_or_else(|| {
            Problem::timing(format!(
                "\"timestamps\" \"{key}\" must be a time like \"00:00:03,000\" within 1000 hours, found {}",
                describe(&Value::String(clock.clone()))
            ))
        }),
        Some(other) => Err(Problem::field(format!(
            "\"timestamps\" \"{key}\" must be a string like \"00:00:03,000\", found {}",
            describe(other)
        ))),
    };
    let start = time("from")?.ok_or_else(|| Problem::field("missing \"timestamps\" \"from\""))?;
    Ok((start, time("to")?))
}

/// The end, or the start when the end comes before it: kept, with a
/// warning, as the WebVTT reader keeps such a cue.
fn end_not_before(
    place: Place,
    start: Millis,
    end: Option<Millis>,
    warnings: &mut Vec<Warning>,
    what: impl FnOnce() -> String,
) -> Option<Millis> {
    match end {
        Some(end) if end < start => {
            warnings.push(place.warning(ErrorKind::TimeOrder, format!("{}; read as ending where it starts", what())));
            Some(start)
        }
        end => end,
    }
}

/// A segment's text, whitespace collapsed.
fn text_field(fields: &Map<String, Value>, key: &str) -> Result<String, Problem> {
    match fields.get(key) {
        Some(Value::String(text)) => Ok(collapse_whitespace(text)),
        Some(other) => Err(Problem::field(format!("\"{key}\" must be a string, found {}", describe(other)))),
        None => Err(Problem::field(format!("missing \"{key}\" (the segment's text)"))),
    }
}

/// A segment's speaker; one that is not a string is left out with a
/// warning (the words are still read).
fn speaker(place: Place, fields: &Map<String, Value>, warnings: &mut Vec<Warning>) -> Option<String> {
    match fields.get("speaker") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(collapse_whitespace(name)).filter(|n| !n.is_empty()),
        Some(other) => {
            let what = format!(
                "\"speaker\" must be a string, found {}; the segment is read without a speaker",
                describe(other)
            );
            warnings.push(place.warning(ErrorKind::Field, what));
            None
        }
    }
}

/// A word from a source's word list: what it says, when it starts (if
/// known), and who says it (WhisperX).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ListedWord {
    text: String,
    start: Option<Millis>,
    speaker: Option<String>,
}

/// Whisper's and WhisperX's `words`. A word without a `start` is untimed
/// (WhisperX does not align numbers); a word or a time that cannot be read
/// loses its time, with one warning for the list (the text is read anyway).
fn listed_words(items: &Value, warn: impl FnOnce(ErrorKind, String)) -> Vec<ListedWord> {
    let items = match items {
        Value::Null => return Vec::new(),
        Value::Array(items) => items,
        other => {
            warn(
                ErrorKind::Field,
                format!("\"words\" must be an array, found {}; read without word times", describe(other)),
            );
            return Vec::new();
        }
    };
    let mut first_problem: Option<(usize, Problem)> = None;
    let mut unread = 0;
    let mut words = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match listed_word(item) {
            Ok(word) => words.push(word),
            Err(problem) => {
                unread += 1;
                first_problem.get_or_insert((i + 1, problem));
            }
        }
    }
    if let Some((number, problem)) = first_problem {
        let times = if unread == 1 { "1 word time".to_string() } else { format!("{unread} word times") };
        warn(problem.kind, format!("word {number}: {}; {times} not read (the text is)", problem.what));
    }
    words
}

/// Words listed at the top level rather than in each segment (the OpenAI
/// API's `verbose_json` asked for word timestamps), handed to segments in
/// time order.
#[derive(Debug, Default)]
struct TopWords {
    words: Vec<ListedWord>,
    /// The first word not handed out yet.
    next: usize,
}

impl TopWords {
    /// Reads the top-level `words`, warning at `line` about what cannot be read.
    fn read(raw: &RawValue, line: usize, warnings: &mut Vec<Warning>) -> TopWords {
        let items = serde_json::from_str::<Value>(raw.get()).unwrap_or(Value::Null);
        let warn =
            |kind, what: String| warnings.push(ParseError::of(kind, line, format!("the top-level \"words\": {what}")));
        TopWords { words: listed_words(&items, warn), next: 0 }
    }

    /// The words not handed out yet that start before `end`, with the
    /// untimed ones among them (all the rest when `end` is unknown). A word
    /// handed to the wrong segment only loses its time: it is not in that
    /// segment's text, so it is not placed.
    fn take(&mut self, start: Millis, end: Option<Millis>) -> Vec<ListedWord> {
        let rest = &mut self.words[self.next..];
        let count = match end {
            Some(end) => rest.iter().take_while(|w| w.start.is_none_or(|s| s < end || s == start)).count(),
            None => rest.len(),
        };
        self.next += count;
        rest[..count].iter_mut().map(std::mem::take).collect()
    }
}

/// The OpenAI API's `verbose_json` asked for word timestamps only: the
/// top-level `text`, timed by the top-level `words`, as one segment from 0
/// to `duration`.
fn read_text_and_words(fields: &BTreeMap<String, &RawValue>, line: usize) -> Parsed {
    let value = |key: &str| fields.get(key).and_then(|raw| serde_json::from_str::<Value>(raw.get()).ok());
    let mut segment = Map::new();
    segment.insert("start".to_string(), Value::from(0));
    for (key, value) in [("text", value("text")), ("words", value("words")), ("end", value("duration"))] {
        segment.extend(value.map(|v| (key.to_string(), v)));
    }
    let place = Place { source: Source::Whisper, number: 1, line };
    let mut warnings = Vec::new();
    let cues = match read_whisper(place, &segment, &mut TopWords::default(), &mut warnings) {
        Ok(cues) => cues,
        Err(problem) => {
            warnings.push(place.dropped(problem, Some(&segment)));
            Vec::new()
        }
    };
    Parsed { cues, warnings, ..Parsed::default() }
}

/// `{"text": "…"}` with no times (the OpenAI API's default `json`): the
/// text read as a plain-text transcript (paragraphs, labels; times
/// estimated), its warnings at the object's line.
fn read_text_alone(fields: &BTreeMap<String, &RawValue>, line: usize) -> Result<Parsed, ParseError> {
    let text = match fields.get("text").map(|raw| serde_json::from_str::<Value>(raw.get())) {
        Some(Ok(Value::String(text))) => text,
        Some(Ok(other)) => {
            let message = format!("expected \"text\" to be a string, found {}", describe(&other));
            return Err(ParseError::of(ErrorKind::Field, line, message));
        }
        _ => return Err(ParseError::of(ErrorKind::WrongFormat, line, not_a_transcript(fields))),
    };
    let at_line = |mut e: ParseError| {
        e.line = line;
        e
    };
    let mut parsed = super::text::parse(&text).map_err(at_line)?;
    parsed.warnings = parsed.warnings.into_iter().map(at_line).collect();
    Ok(parsed)
}

/// One item of `words`: `{"word", "start", "end", "speaker"}`.
fn listed_word(item: &Value) -> Result<ListedWord, Problem> {
    let Value::Object(item) = item else {
        return Err(Problem::field(format!(
            "expected an object with \"word\" and \"start\", found {}",
            describe(item)
        )));
    };
    let text = match item.get("word") {
        Some(Value::String(word)) => word.clone(),
        Some(other) => return Err(Problem::field(format!("\"word\" must be a string, found {}", describe(other)))),
        None => return Err(Problem::field("missing \"word\"")),
    };
    let start = seconds(item, "start")?;
    let speaker = item.get("speaker").and_then(Value::as_str).map(collapse_whitespace).filter(|s| !s.is_empty());
    Ok(ListedWord { text, start, speaker })
}

/// Words from whisper.cpp's `-ojf` tokens: a token whose text starts with a
/// space begins a word, the others continue it; special tokens (`[_BEG_]`,
/// `[_TT_150]`) are skipped. A word's time is its first token's `offsets`
/// `from`; whisper.cpp writes -10 there when it has none. Tokens are only an
/// aid, so ill-formed ones are skipped without a warning.
fn token_words(fields: &Map<String, Value>) -> Vec<ListedWord> {
    let Some(Value::Array(tokens)) = fields.get("tokens") else { return Vec::new() };
    let mut words: Vec<ListedWord> = Vec::new();
    for token in tokens {
        let Some(text) = token.get("text").and_then(Value::as_str) else { continue };
        if text.is_empty() || (text.starts_with("[_") && text.ends_with(']')) {
            continue;
        }
        match words.last_mut() {
            Some(word) if !text.starts_with(char::is_whitespace) => word.text.push_str(text),
            _ => {
                let from = token.get("offsets").and_then(|o| o.get("from"));
                let start = from.and_then(|from| number_time("", from, Unit::Milliseconds).ok());
                words.push(ListedWord { text: text.to_string(), start, speaker: None });
            }
        }
    }
    words
}

/// Where each listed word starts in `text` (collapsed), or `None` where it
/// cannot be placed at a word start. Words are looked for in order, each
/// where the previous one ended or a little further on, so a list that
/// lacks a word or two (or has extra ones) still places the rest; Whisper's
/// words of languages written without spaces, which start inside a word of
/// the text, are not placed (a time must mark a word start).
fn place_words(text: &str, words: &[ListedWord]) -> Vec<Option<usize>> {
    let is_word_start = |at: usize| at == 0 || text.as_bytes().get(at - 1) == Some(&b' ');
    let mut at = 0;
    words
        .iter()
        .map(|word| {
            let word = collapse_whitespace(&word.text);
            if word.is_empty() {
                return None;
            }
            let from = if text[at..].starts_with(' ') { at + 1 } else { at };
            let found = if text[from..].starts_with(word.as_str()) {
                Some(from)
            } else {
                let mut until = (from + word.len() + LOOKAHEAD).min(text.len());
                while !text.is_char_boundary(until) {
                    until -= 1;
                }
                text[from..until].match_indices(word.as_str()).map(|(i, _)| from + i).find(|&i| is_word_start(i))
            };
            let found = found?;
            at = found + word.len();
            Some(found).filter(|&i| is_word_start(i))
        })
        .collect()
}

/// A segment's cue with the listed words' times, split into one cue per
/// speaker run where the words' speakers change (WhisperX's diarization
/// within a segment). A word without a speaker stays with the run it is
/// in; a run starts at its first word's time and ends where the next
/// starts.
fn with_words(cue: Cue, words: &[ListedWord]) -> Vec<Cue> {
    let placed = place_words(&cue.text, words);
    let text = cue.text.as_str();
    let mut cues = Vec::new();
    // The run being read: where its text starts, its speaker, start and word times.
    let mut from = 0;
    let mut speaker = cue.speaker.as_deref();
    let mut start = cue.start;
    let mut times: Vec<WordTime> = Vec::new();
    let mut latest = cue.start;
    let within = |time: Millis| {
        let time = time.max(cue.start.unwrap_or(0));
        cue.end.map_or(time, |end| time.min(end))
    };
    for (word, at) in words.iter().zip(placed) {
        let Some(at) = at else { continue };
        let word_speaker = word.speaker.as_deref().or(speaker);
        if word_speaker != speaker {
            if at > from {
                // A new speaker starts at this word: the run before ends here.
                let next_start = word.start.or(latest).map(within).max(start);
                cues.push(Cue {
                    start,
                    end: next_start,
                    speaker: speaker.map(str::to_string),
                    text: text[from..at].trim_end().to_string(),
                    words: std::mem::take(&mut times),
                    line: cue.line,
                });
                from = at;
                start = next_start;
            }
            speaker = word_speaker;
        }
        if let (Some(time), Ok(offset)) = (word.start, u32::try_from(at - from)) {
            times.push(WordTime { offset, start: time });
            latest = latest.max(Some(time));
        }
    }
    cues.push(Cue {
        start,
        end: cue.end.map(|end| end.max(start.unwrap_or(0))),
        speaker: speaker.map(str::to_string),
        text: text[from..].to_string(),
        words: times,
        line: cue.line,
    });
    cues
}

/// Joins consecutive cues that have the same start, end and speaker (a
/// host's JSON that splits one caption into several segments), and lets
/// consecutive cues with the same span but different speakers share it by
/// word count. Either way their words stay in order: left alone, each
/// would be split into sentences timed across the whole span, and sorting
/// by time would interleave them.
fn join_split_captions(cues: Vec<Cue>) -> Vec<Cue> {
    let same_span = |a: &Cue, b: &Cue| a.start.is_some() && a.start == b.start && a.end == b.end;
    let mut joined: Vec<Cue> = Vec::with_capacity(cues.len());
    for cue in cues {
        match joined.last_mut() {
            Some(last) if same_span(last, &cue) && last.speaker == cue.speaker => {
                let shift = last.text.len() + 1;
                last.text.push(' ');
                last.text.push_str(&cue.text);
                // A shifted offset that no longer fits loses its time, not its word.
                let shifted =
                    |w: WordTime| Some(WordTime { offset: w.offset.checked_add(u32::try_from(shift).ok()?)?, ..w });
                last.words.extend(cue.words.into_iter().filter_map(shifted));
            }
            _ => joined.push(cue),
        }
    }
    let mut first = 0;
    while first < joined.len() {
        let run = joined[first..].iter().take_while(|c| same_span(c, &joined[first])).count();
        if run > 1 {
            share_span(&mut joined[first..first + run]);
        }
        first += run;
    }
    joined
}

/// Gives cues that claim one span consecutive parts of it, in proportion
/// to their words.
fn share_span(cues: &mut [Cue]) {
    let (Some(start), Some(end)) = (cues[0].start, cues[0].end) else { return };
    let counts: Vec<u64> = cues.iter().map(|c| c.text.split(' ').count() as u64).collect();
    let total: u64 = counts.iter().sum::<u64>().max(1);
    let span = u64::from(end - start);
    // Within `start..=end`, so each fits a u32.
    let at = |words: u64| start + (span * words / total) as Millis;
    let mut before = 0;
    for (cue, count) in cues.iter_mut().zip(counts) {
        cue.start = Some(at(before));
        before += count;
        cue.end = Some(at(before));
    }
}

/// The message for a top-level object that holds no transcript, listing
/// the keys it does have so the user can spot a misspelling.
fn not_a_transcript(fields: &BTreeMap<String, &RawValue>) -> String {
    let mut message = "expected a \"segments\" array at the top level (or whisper.cpp's \"transcription\")".to_string();
    if fields.is_empty() {
        message.push_str(", found an empty object");
    } else {
        let keys: Vec<String> = fields.keys().take(8).map(|k| format!("{k:?}")).collect();
        let more = if fields.len() > keys.len() { ", ..." } else { "" };
        message.push_str(&format!(", found only {}{more}", keys.join(", ")));
    }
    message
}

/// A short description of a JSON value for "found ..." in messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
        Value::String(s) if s.chars().count() > QUOTE_CHARS => {
            let short: String = s.chars().take(QUOTE_CHARS).collect();
            format!("{}...", Value::String(short))
        }
        other => other.to_string(),
    }
}

/// [`describe`] for a raw value, without reading a big one whole.
fn describe_raw(raw: &RawValue) -> String {
    match raw.get().as_bytes().first() {
        Some(b'[') => "an array".to_string(),
        Some(b'{') => "an object".to_string(),
        _ => serde_json::from_str::<Value>(raw.get()).map_or_else(|_| shorten(raw.get()), |v| describe(&v)),
    }
}

/// A serde_json syntax error as a located [`ParseError`] with a hint.
fn syntax_error(error: serde_json::Error) -> ParseError {
    use serde_json::error::Category;

    let full = error.to_string();
    // serde_json appends " at line L column C"; the line goes in the
    // ParseError itself, so keep only the column.
    let what = full.rsplit_once(" at line ").map_or(full.as_str(), |(what, _)| what);
    let at = match error.column() {
        0 => String::new(),
        column => format!(" at column {column}"),
    };
    let hint = match error.classify() {
        Category::Eof => "; the file ends early: a closing `]` or `}` may be missing",
        Category::Syntax => "; check for a missing comma, quote or bracket here or just before",
        Category::Data | Category::Io => "",
    };
    ParseError::new(error.line().max(1), format!("invalid JSON{at}: {what}{hint}"))
}

/// Where a raw value starts in the text it was read from (a raw value read
/// with `from_str` borrows that text).
fn offset_in(text: &str, raw: &RawValue) -> usize {
    (raw.get().as_ptr() as usize).checked_sub(text.as_ptr() as usize).filter(|&at| at <= text.len()).unwrap_or(0)
}

/// 1-based lines of byte offsets, counted in one forward pass while the
/// offsets asked for increase (as array elements' do: a word-level file has
/// a hundred thousand of them).
struct Lines<'t> {
    bytes: &'t [u8],
    /// The offset counted up to, and the line it is on.
    at: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines { bytes: text.as_bytes(), at: 0, line: 1 }
    }

    /// The line of `offset` (an offset before the last one asked for starts
    /// the count again: correct, just not linear).
    fn of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.bytes.len());
        if offset < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += self.bytes[self.at..offset].iter().filter(|&&b| b == b'\n').count();
        self.at = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, String) {
        let e = parse(text).unwrap_err();
        (e.line, e.message)
    }

    fn one(text: &str) -> Cue {
        let parsed = parse(text).unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let mut cues = parsed.cues;
        assert_eq!(cues.len(), 1, "{cues:?}");
        cues.remove(0)
    }

    /// The one warning a file gives, checking which cue texts are kept.
    fn warning(text: &str, kept: &[&str]) -> Warning {
        let parsed = parse(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.cues.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), kept);
        assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
        parsed.warnings.into_iter().next().expect("one warning")
    }

    /// The word each word time points at, with its time.
    fn timed_words(cue: &Cue) -> Vec<(&str, Millis)> {
        cue.words.iter().map(|w| (cue.text[w.offset as usize..].split(' ').next().unwrap(), w.start)).collect()
    }

    /// `start-end speaker: text`, for comparing whole cues.
    fn summary(cue: &Cue) -> String {
        let time = |t: Option<Millis>| t.map_or("-".to_string(), |t| t.to_string());
        let speaker = cue.speaker.as_deref().unwrap_or("-");
        format!("{}-{} {speaker}: {}", time(cue.start), time(cue.end), cue.text)
    }

    fn cue_texts(parsed: &Parsed) -> Vec<&str> {
        parsed.cues.iter().map(|c| c.text.as_str()).collect()
    }

    // --- Podcasting 2.0 ---------------------------------------------------

    #[test]
    fn reads_a_segment() {
        let cue = one(r#"{"segments": [{"speaker": "Ann", "startTime": 0.5, "endTime": 1.25, "body": "Hi."}]}"#);
        assert_eq!(cue.start, Some(500));
        assert_eq!(cue.end, Some(1250));
        assert_eq!(cue.speaker.as_deref(), Some("Ann"));
        assert_eq!(cue.text, "Hi.");
        assert_eq!(cue.line, 1);
        assert!(cue.words.is_empty());
    }

    #[test]
    fn rounds_to_the_nearest_millisecond() {
        let cue = one(r#"{"segments": [{"startTime": 0.0014, "endTime": 0.0016, "body": "a"}]}"#);
        assert_eq!((cue.start, cue.end), (Some(1), Some(2)));
        let cue = one(r#"{"segments": [{"startTime": 3, "endTime": 3600000, "body": "a"}]}"#);
        assert_eq!((cue.start, cue.end), (Some(3000), Some(3_600_000_000)));
    }

    #[test]
    fn end_time_is_optional() {
        let cue =
            one(r#"{"segments": [{"startTime": 1, "body": "a"}, {"startTime": 2, "endTime": null, "body": " "}]}"#);
        assert_eq!((cue.start, cue.end), (Some(1000), None));
    }

    #[test]
    fn speaker_is_optional_and_blank_means_none() {
        let text = r#"{"segments": [{"startTime": 1, "body": "a"}, {"speaker": null, "startTime": 2, "body": "b"},
            {"speaker": "  ", "startTime": 3, "body": "c"}, {"speaker": " Dr.  Who ", "startTime": 4, "body": "d"}]}"#;
        let speakers: Vec<Option<String>> = parse(text).unwrap().cues.into_iter().map(|c| c.speaker).collect();
        assert_eq!(speakers, [None, None, None, Some("Dr. Who".to_string())]);
    }

    #[test]
    fn body_whitespace_is_collapsed_and_empty_bodies_dropped_silently() {
        let text = r#"{"segments": [{"startTime": 1, "body": "  "}, {"startTime": 2, "body": "a\n\tb  c "}, {"startTime": 3, "body": ""}]}"#;
        let parsed = parse(text).unwrap();
        assert_eq!(cue_texts(&parsed), ["a b c"]);
        assert!(parsed.warnings.is_empty());
    }

    #[test]
    fn word_level_segments_stay_one_cue_per_word() {
        let text = r#"{"segments": [{"startTime": 1, "endTime": 1.2, "body": "Hello,"}, {"startTime": 1.2, "endTime": 1.5, "body": "world."}]}"#;
        let cues = parse(text).unwrap().cues;
        assert_eq!(cues.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["Hello,", "world."]);
        assert!(cues.iter().all(|c| c.words.is_empty()));
    }

    #[test]
    fn unknown_fields_and_metadata_are_ignored() {
        let text = r#"{"version": "1.0.0", "title": {"x": [1, "]"]}, "segments": [{"startTime": 1, "body": "a", "confidence": 0.9}]}"#;
        assert_eq!(one(text).text, "a");
    }

    #[test]
    fn empty_segments_give_no_cues() {
        assert!(parse(r#"{"segments": []}"#).unwrap().cues.is_empty());
    }

    #[test]
    fn byte_order_mark_is_allowed() {
        assert_eq!(one("\u{feff}{\"segments\": [{\"startTime\": 1, \"body\": \"a\"}]}").text, "a");
    }

    #[test]
    fn cue_lines_are_where_segments_start() {
        let text = "{\n \"segments\": [\n  {\"startTime\": 1, \"body\": \"a\"},\n\n  {\n   \"startTime\": 2,\n   \"body\": \"b\"\n  }\n ]\n}";
        let lines: Vec<usize> = parse(text).unwrap().cues.iter().map(|c| c.line).collect();
        assert_eq!(lines, [3, 5]);
    }

    #[test]
    fn lines_count_forward_and_start_again_when_asked_for_an_earlier_offset() {
        let text = "a\nb\nc\nd";
        let mut lines = Lines::new(text);
        assert_eq!([lines.of(0), lines.of(2), lines.of(4), lines.of(6), lines.of(99)], [1, 2, 3, 4, 4]);
        assert_eq!([lines.of(2), lines.of(3)], [2, 2]);
    }

    #[test]
    fn syntax_errors_give_serde_jsons_line() {
        let (line, message) = err("{\n \"segments\": [\n  {\"startTime\": 1 \"body\": \"a\"}\n ]\n}");
        assert_eq!(line, 3);
        assert!(message.starts_with("invalid JSON at column 19: expected `,` or `}`"), "{message}");
    }

    #[test]
    fn truncated_file_says_it_ends_early() {
        let (line, message) = err("{\"segments\": [\n");
        assert_eq!(line, 2);
        assert!(message.contains("ends early"), "{message}");
    }

    #[test]
    fn missing_segments_lists_the_keys_found() {
        let e = parse("\n{\"version\": \"1.0.0\", \"segmnts\": []}").unwrap_err();
        assert_eq!(e.kind, ErrorKind::WrongFormat);
        assert_eq!(
            (e.line, e.message.as_str()),
            (
                2,
                r#"expected a "segments" array at the top level (or whisper.cpp's "transcription"), found only "segmnts", "version""#
            )
        );
        assert!(err("{}").1.ends_with("found an empty object"));
    }

    #[test]
    fn segments_must_be_an_array() {
        let e = parse("{\"version\": 1,\n\"segments\":\n {\"a\": 1}}").unwrap_err();
        assert_eq!((e.kind, e.line), (ErrorKind::Field, 3));
        assert_eq!(e.message, r#"expected a "segments" array, found an object"#);
        assert_eq!(err(r#"{"transcription": "hi"}"#).1, r#"expected a "transcription" array, found "hi""#);
    }

    #[test]
    fn top_level_must_be_an_object_or_an_array_of_segments() {
        for text in ["[1, 2]", "[]", "[{}, {\"a\": 1}]"] {
            let e = parse(text).unwrap_err();
            assert_eq!(e.kind, ErrorKind::WrongFormat);
            assert!(e
                .message
                .starts_with(r#"expected a JSON object with a "segments" array, or an array of segments"#));
        }
        for text in ["\"segments\"", "7"] {
            let e = parse(&format!(" {text}")).unwrap_err();
            assert_eq!(e.kind, ErrorKind::WrongFormat, "{text}");
        }
        let e = parse("{\"a\": 1} 7").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax);
    }

    #[test]
    fn a_bare_array_is_the_segments() {
        let parsed =
            parse("[\n{\"start\": 0, \"end\": 1, \"text\": \" a\"},\n{\"start\": 1, \"end\": 2, \"text\": \" b\"}]")
                .unwrap();
        assert_eq!(parsed.cues.iter().map(|c| (c.text.as_str(), c.line)).collect::<Vec<_>>(), [("a", 2), ("b", 3)]);
        let parsed = parse(r#"[{"startTime": 1, "body": "a"}, {"offsets": {"from": 0}, "body": "b"}]"#).unwrap();
        assert_eq!(cue_texts(&parsed), ["a"]);
        assert_eq!(parsed.warnings.len(), 1);
        let cue = one(r#"[{"offsets": {"from": 0, "to": 500}, "text": " a"}]"#);
        assert_eq!((cue.start, cue.end), (Some(0), Some(500)));
    }

    #[test]
    fn a_segment_that_is_not_an_object_is_dropped() {
        let w = warning("{\"segments\": [\n{\"startTime\": 1, \"body\": \"a\"},\n 7]}", &["a"]);
        assert_eq!((w.kind, w.line), (ErrorKind::Field, 3));
        assert_eq!(
            w.message,
            r#"segment 2: expected an object with "startTime", "endTime" and "body" (Podcasting 2.0 JSON), found 7; the segment is dropped"#
        );
    }

    #[test]
    fn a_segment_without_start_time_is_dropped_quoting_its_text() {
        let w = warning("{\"segments\": [{\"body\": \"lost  words\"}, {\"startTime\": 2, \"body\": \"b\"}]}", &["b"]);
        assert_eq!(w.kind, ErrorKind::Field);
        assert_eq!(
            w.message,
            "segment 1: missing \"startTime\" (when the segment starts, in seconds); \
             the segment is dropped and its text is not read: `lost words`"
        );
    }

    #[test]
    fn a_segment_without_body_is_dropped() {
        let w = warning("{\"segments\": [{\"startTime\": 1}]}", &[]);
        assert_eq!(w.message, r#"segment 1: missing "body" (the segment's text); the segment is dropped"#);
    }

    #[test]
    fn ill_typed_times_drop_the_segment() {
        let w = warning(r#"{"segments": [{"startTime": "abc", "body": "a"}]}"#, &[]);
        assert_eq!(w.kind, ErrorKind::Field);
        assert!(w.message.starts_with(r#"segment 1: "startTime" must be a number of seconds, found "abc"; "#));
        let w = warning(r#"{"segments": [{"startTime": 1, "endTime": [2], "body": "a"}]}"#, &[]);
        assert!(w.message.starts_with(r#"segment 1: "endTime" must be a number of seconds, found an array; "#));
    }

    #[test]
    fn empty_segments_beside_a_text_give_the_text() {
        let parsed = parse(r#"{"text": "Hello there.", "segments": [], "language": "en"}"#).unwrap();
        let got: Vec<_> = parsed.cues.iter().map(|c| (c.start, c.text.as_str())).collect();
        assert_eq!(got, [(None, "Hello there.")]);
    }

    #[test]
    fn revs_monologues_without_words_or_values_say_so() {
        let w = warning(
            r#"{"monologues": [
                {"speaker": 0, "elements": [{"type": "text", "value": "Hi", "ts": 1, "end_ts": 1.5}, {"type": "punct"}]}
            ]}"#,
            &["Hi"],
        );
        assert_eq!(w.line, 2);
        assert!(w.message.contains("1 elements without a \"value\" were skipped"), "{}", w.message);
        let parsed =
            parse(r#"{"monologues": [{"speaker": 1, "elements": [{"type": "punct", "value": "."}]}]}"#).unwrap();
        assert!(parsed.cues.is_empty());
        assert!(parsed.warnings[0].message.contains("no word has a time"), "{:?}", parsed.warnings);
        let (_, message) = err(r#"{"monologues": {}}"#);
        assert!(message.contains("expected a \"monologues\" array"), "{message}");
    }

    #[test]
    fn assembly_ais_utterances_are_its_speakers_turns() {
        let parsed = parse(
            r#"{"text": "Hello there. Hi Bob.", "words": [{"text": "Hello", "start": 100, "end": 400, "speaker": "A"}],
                "utterances": [{"speaker": "A", "text": "Hello there.", "start": 100, "end": 800, "words": []},
                               {"speaker": "B", "text": "Hi Bob.", "start": 1200, "end": 1800, "words": []}]}"#,
        )
        .unwrap();
        let got: Vec<_> = parsed.cues.iter().map(|c| (c.start, c.end, c.speaker.as_deref(), c.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (Some(100), Some(800), Some("Speaker A"), "Hello there."),
                (Some(1200), Some(1800), Some("Speaker B"), "Hi Bob.")
            ]
        );
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    }

    #[test]
    fn times_written_as_strings_are_read() {
        let parsed = parse(
            r#"{"segments": [{"startTime": "0.0", "endTime": " 1.5 ", "body": "Hello"},
                {"startTime": "00:00:02.250", "endTime": "00:03", "body": "there"}]}"#,
        )
        .unwrap();
        let got: Vec<_> = parsed.cues.iter().map(|c| (c.start, c.end, c.text.as_str())).collect();
        assert_eq!(got, [(Some(0), Some(1500), "Hello"), (Some(2250), Some(3000), "there")]);
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let w = warning(r#"{"segments": [{"startTime": "-1", "body": "a"}]}"#, &[]);
        assert_eq!(w.kind, ErrorKind::Timing);
    }

    #[test]
    fn long_wrong_values_and_lost_texts_are_shortened() {
        let long = "x".repeat(100);
        let text = format!(r#"{{"segments": [{{"startTime": "{long}", "body": "{}"}}]}}"#, "y ".repeat(50));
        let message = warning(&text, &[]).message;
        assert!(message.contains(&format!("found \"{}\"...;", "x".repeat(40))), "{message}");
        assert!(message.ends_with(&format!("`{}…`", "y ".repeat(30))), "{message}");
    }

    #[test]
    fn a_body_that_is_not_a_string_drops_the_segment() {
        let w = warning(r#"{"segments": [{"startTime": 1, "body": 5}]}"#, &[]);
        assert_eq!(
            (w.kind, w.message.as_str()),
            (ErrorKind::Field, r#"segment 1: "body" must be a string, found 5; the segment is dropped"#)
        );
    }

    #[test]
    fn a_speaker_that_is_not_a_string_is_left_out_with_a_warning() {
        let w = warning(r#"{"segments": [{"startTime": 1, "body": "a", "speaker": true}]}"#, &["a"]);
        assert_eq!(w.kind, ErrorKind::Field);
        assert_eq!(
            w.message,
            r#"segment 1: "speaker" must be a string, found true; the segment is read without a speaker"#
        );
    }

    #[test]
    fn negative_times_drop_the_segment() {
        let w = warning(r#"{"segments": [{"startTime": -0.5, "body": "a"}]}"#, &[]);
        assert_eq!(w.kind, ErrorKind::Timing);
        assert!(w.message.starts_with(r#"segment 1: "startTime" (-0.5) must not be negative; "#), "{}", w.message);
    }

    #[test]
    fn huge_times_drop_the_segment() {
        let w = warning(r#"{"segments": [{"startTime": 1, "endTime": 3600000.5, "body": "a"}]}"#, &[]);
        assert_eq!(w.kind, ErrorKind::Timing);
        assert!(w.message.starts_with(
            r#"segment 1: "endTime" (3600000.5) is beyond 1000 hours; times must be in seconds, not milliseconds; "#
        ));
        assert!(warning(r#"{"segments": [{"startTime": 1e300, "body": "a"}]}"#, &[])
            .message
            .contains("beyond 1000 hours"));
    }

    #[test]
    fn a_number_beyond_f64_drops_only_its_segment() {
        let w = warning(
            "{\"segments\": [{\"startTime\": 1e999, \"body\": \"a\"},\n{\"startTime\": 1, \"body\": \"b\"}]}",
            &["b"],
        );
        assert_eq!((w.kind, w.line), (ErrorKind::Field, 1));
        assert!(w.message.starts_with("segment 1: cannot be read: number out of range"), "{}", w.message);
    }

    #[test]
    fn nesting_beyond_serde_jsons_limit_drops_only_its_segment() {
        let deep = format!("{}{}", "[".repeat(500), "]".repeat(500));
        let text = format!("{{\"segments\": [{deep}, {{\"startTime\": 1, \"body\": \"b\"}}]}}");
        assert!(warning(&text, &["b"]).message.contains("recursion limit"));
        let text = format!("{{\"note\": {deep}, \"segments\": [{{\"startTime\": 1, \"body\": \"b\"}}]}}");
        assert_eq!(one(&text).text, "b");
    }

    #[test]
    fn end_before_start_is_kept_ending_at_its_start_with_a_warning_at_its_line() {
        let text = "{\"segments\": [\n{\"startTime\": 0, \"body\": \"a\"},\n{\"startTime\": 0, \"endTime\": 0.5, \"body\": \"b\"},\n  {\n \"startTime\": 2.0,\n \"endTime\": 1.0, \"body\": \"c\"}]}";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.warnings.len(), 1);
        let w = &parsed.warnings[0];
        assert_eq!((w.kind, w.line), (ErrorKind::TimeOrder, 4));
        assert_eq!(
            w.message,
            r#"segment 3: "endTime" (1.0) is before "startTime" (2.0); read as ending where it starts"#
        );
        let c = &parsed.cues[2];
        assert_eq!((c.text.as_str(), c.start, c.end), ("c", Some(2000), Some(2000)));
    }

    #[test]
    fn equal_start_and_end_are_fine() {
        let cue = one(r#"{"segments": [{"startTime": 2, "endTime": 2, "body": "a"}]}"#);
        assert_eq!((cue.start, cue.end), (Some(2000), Some(2000)));
    }

    #[test]
    fn a_bad_time_in_an_empty_segment_still_warns() {
        let w = warning(r#"{"segments": [{"startTime": -1, "body": ""}, {"startTime": 1, "body": "b"}]}"#, &["b"]);
        assert_eq!(w.message, r#"segment 1: "startTime" (-1) must not be negative; the segment is dropped"#);
    }

    #[test]
    fn duplicate_segments_key_uses_the_last_like_serde_json() {
        let text = "{\"segments\": [{\"startTime\": 1, \"body\": \"a\"}],\n\"segments\": [\n{\"startTime\": 2, \"body\": \"b\"}]}";
        let cue = one(text);
        assert_eq!((cue.text.as_str(), cue.line), ("b", 3));
    }

    #[test]
    fn escaped_key_and_brackets_in_strings_do_not_confuse_lines() {
        let text = "{\"note\": \"[{\\\"\", \"segm\\u0065nts\": [\n{\"startTime\": 1, \"body\": \"}]\"},\n{\"startTime\": 2, \"body\": \"b\"}]}";
        let lines: Vec<usize> = parse(text).unwrap().cues.iter().map(|c| c.line).collect();
        assert_eq!(lines, [2, 3]);
    }

    // --- telling the sources apart -----------------------------------------

    fn source_of(text: &str) -> Source {
        let fields: BTreeMap<String, &RawValue> = serde_json::from_str(text).unwrap();
        let segments: Vec<&RawValue> =
            fields.get("segments").map_or(Vec::new(), |s| serde_json::from_str(s.get()).unwrap());
        Source::of_segments(&segments).unwrap_or_else(|| Source::of_top_level(&fields))
    }

    #[test]
    fn the_first_telling_segment_decides_the_source() {
        assert_eq!(source_of(r#"{"segments": [{"startTime": 1, "body": "a"}]}"#), Source::Podcasting);
        assert_eq!(source_of(r#"{"segments": [{"start": 1, "end": 2, "text": "a"}]}"#), Source::Whisper);
        assert_eq!(source_of(r#"{"segments": [7, {}, {"text": "a"}, {"body": "b"}]}"#), Source::Whisper);
        assert_eq!(source_of(r#"{"segments": [{"body": 5, "start": 1}]}"#), Source::Podcasting);
    }

    #[test]
    fn top_level_keys_decide_when_no_segment_does() {
        assert_eq!(source_of(r#"{"segments": []}"#), Source::Podcasting);
        assert_eq!(source_of(r#"{"version": "1.0.0", "segments": [{}]}"#), Source::Podcasting);
        assert_eq!(source_of(r#"{"text": "", "language": "en", "segments": []}"#), Source::Whisper);
        assert_eq!(source_of(r#"{"segments": [{}], "word_segments": []}"#), Source::Whisper);
    }

    #[test]
    fn messages_name_what_the_detected_source_expects() {
        let w = warning(r#"{"segments": [{"end": 2, "text": "a"}]}"#, &[]);
        assert_eq!(
            w.message,
            "segment 1: missing \"start\" (when the segment starts, in seconds); \
             the segment is dropped and its text is not read: `a`"
        );
        let w = warning(r#"{"segments": [{"start": 1, "text": "a"}, "x"]}"#, &["a"]);
        assert!(w.message.contains(r#"expected an object with "start", "end" and "text" (Whisper JSON), found "x""#));
        let w = warning(r#"{"transcription": [{"text": "a"}]}"#, &[]);
        assert!(
            w.message.starts_with(r#"segment 1: missing "offsets" (when the item starts and ends"#),
            "{}",
            w.message
        );
    }

    // --- Whisper and WhisperX ----------------------------------------------

    #[test]
    fn reads_a_whisper_segment_without_words() {
        let cue = one(
            r#"{"text": " Hi there.", "segments": [{"id": 0, "seek": 0, "start": 0.0, "end": 1.5, "text": " Hi  there.",
                "tokens": [50364, 2421], "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 0.9,
                "no_speech_prob": 0.01}], "language": "en"}"#,
        );
        assert_eq!((cue.start, cue.end, cue.speaker, cue.text.as_str()), (Some(0), Some(1500), None, "Hi there."));
        assert!(cue.words.is_empty());
    }

    #[test]
    fn whisper_words_with_leading_spaces_mark_word_starts() {
        let cue = one(r#"{"segments": [{"start": 1.0, "end": 2.5, "text": " Hello, world. Bye!", "words": [
                {"word": " Hello,", "start": 1.0, "end": 1.4, "probability": 0.9},
                {"word": " world.", "start": 1.5, "end": 1.9, "probability": 0.8},
                {"word": " Bye!", "start": 2.0, "end": 2.4, "probability": 0.7}]}]}"#);
        assert_eq!(cue.text, "Hello, world. Bye!");
        assert_eq!(timed_words(&cue), [("Hello,", 1000), ("world.", 1500), ("Bye!", 2000)]);
        assert_eq!(cue.words[1].offset, 7);
    }

    #[test]
    fn whisperx_words_without_spaces_and_untimed_numbers() {
        let cue = one(
            r#"{"segments": [{"start": 0.5, "end": 3.0, "text": " In 2024 we grew.", "speaker": "SPEAKER_00", "words": [
                {"word": "In", "start": 0.5, "end": 0.7, "score": 0.9, "speaker": "SPEAKER_00"},
                {"word": "2024"},
                {"word": "we", "start": 1.6, "end": 1.8, "score": 0.9, "speaker": "SPEAKER_00"},
                {"word": "grew.", "start": 1.9, "end": 2.4, "score": 0.9, "speaker": "SPEAKER_00"}]}],
                "word_segments": [{"word": "In", "start": 0.5, "end": 0.7}]}"#,
        );
        assert_eq!((cue.text.as_str(), cue.speaker.as_deref()), ("In 2024 we grew.", Some("SPEAKER_00")));
        assert_eq!(timed_words(&cue), [("In", 500), ("we", 1600), ("grew.", 1900)]);
    }

    #[test]
    fn a_speaker_change_inside_a_whisperx_segment_splits_it() {
        let parsed = parse(
            r#"{"segments": [{"start": 10.0, "end": 14.0, "text": "Ready? Yes, 100 percent.", "speaker": "SPEAKER_00", "words": [
                {"word": "Ready?", "start": 10.0, "end": 10.5, "speaker": "SPEAKER_00"},
                {"word": "Yes,", "start": 11.0, "end": 11.3, "speaker": "SPEAKER_01"},
                {"word": "100"},
                {"word": "percent.", "start": 12.0, "end": 12.6, "speaker": "SPEAKER_01"}]}]}"#,
        )
        .unwrap();
        assert_eq!(
            parsed.cues.iter().map(summary).collect::<Vec<_>>(),
            ["10000-11000 SPEAKER_00: Ready?", "11000-14000 SPEAKER_01: Yes, 100 percent."]
        );
        assert_eq!(timed_words(&parsed.cues[1]), [("Yes,", 11_000), ("percent.", 12_000)]);
    }

    #[test]
    fn a_first_word_with_another_speaker_changes_the_segments_speaker_without_an_empty_cue() {
        let parsed = parse(
            r#"{"segments": [{"start": 1, "end": 2, "text": "Hi there", "speaker": "SPEAKER_00", "words": [
                {"word": "Hi", "start": 1, "speaker": "SPEAKER_01"}, {"word": "there", "start": 1.5, "speaker": "SPEAKER_01"}]}]}"#,
        )
        .unwrap();
        assert_eq!(parsed.cues.len(), 1);
        assert_eq!(parsed.cues[0].speaker.as_deref(), Some("SPEAKER_01"));
    }

    #[test]
    fn speaker_runs_keep_times_within_the_segment_and_in_order() {
        let parsed = parse(
            r#"{"segments": [{"start": 5, "end": 6, "text": "a b c", "speaker": "A", "words": [
                {"word": "a", "start": 5.5, "speaker": "A"}, {"word": "b", "start": 9, "speaker": "B"},
                {"word": "c", "start": 1, "speaker": "A"}]}]}"#,
        )
        .unwrap();
        let spans: Vec<(Option<Millis>, Option<Millis>)> = parsed.cues.iter().map(|c| (c.start, c.end)).collect();
        assert_eq!(spans, [(Some(5000), Some(6000)), (Some(6000), Some(6000)), (Some(6000), Some(6000))]);
    }

    #[test]
    fn words_are_placed_in_the_text_even_when_the_list_differs() {
        let words = |list: &[&str]| -> Vec<ListedWord> {
            list.iter().map(|w| ListedWord { text: w.to_string(), start: Some(0), speaker: None }).collect()
        };
        let text = "We met the other day, truly.";
        // A word the list lacks (`the`), one the text lacks (`yes`), one inside a word (`her`).
        assert_eq!(
            place_words(text, &words(&[" We", " met", " other", " yes", "her", " day,", " truly."])),
            [Some(0), Some(3), Some(11), None, None, Some(17), Some(22)]
        );
        // Words written without spaces (Chinese): only the first starts a word.
        assert_eq!(place_words("你好世界", &words(&["你好", "世界"])), [Some(0), None]);
        assert_eq!(place_words("a b", &words(&["", " ", "a"])), [None, None, Some(0)]);
    }

    #[test]
    fn a_word_list_far_from_the_text_gives_no_times_but_keeps_the_text() {
        let cue = one(
            r#"{"segments": [{"start": 0, "end": 1, "text": "one two", "words": [{"word": "three", "start": 0.1}]}]}"#,
        );
        assert_eq!((cue.text.as_str(), cue.words.len()), ("one two", 0));
    }

    #[test]
    fn unreadable_word_times_warn_once_per_segment_and_keep_the_text() {
        let w = warning(
            r#"{"segments": [{"start": 0, "end": 1, "text": "a b c d", "words": [{"word": "a", "start": -1},
                {"word": "b", "start": 0.2}, 5, {"word": 7}, {"word": "d", "start": "x"}]}]}"#,
            &["a b c d"],
        );
        assert_eq!(w.kind, ErrorKind::Timing);
        assert_eq!(
            w.message,
            r#"segment 1: word 1: "start" (-1) must not be negative; 4 word times not read (the text is)"#
        );
        let w = warning(r#"{"segments": [{"start": 0, "text": "a", "words": {"a": 1}}]}"#, &["a"]);
        assert_eq!(w.message, r#"segment 1: "words" must be an array, found an object; read without word times"#);
    }

    #[test]
    fn whisper_end_before_start_is_kept() {
        let w = warning(r#"{"segments": [{"start": 3, "end": 2, "text": "a"}]}"#, &["a"]);
        assert_eq!(
            (w.kind, w.message.as_str()),
            (ErrorKind::TimeOrder, r#"segment 1: "end" (2) is before "start" (3); read as ending where it starts"#)
        );
    }

    #[test]
    fn whisper_text_must_be_a_string() {
        let w = warning(r#"{"segments": [{"start": 3, "end": 4, "text": ["a"]}, {"start": 4, "text": " "}]}"#, &[]);
        assert_eq!(w.message, r#"segment 1: "text" must be a string, found an array; the segment is dropped"#);
    }

    #[test]
    fn top_level_words_are_handed_to_the_segments_they_fall_in() {
        let parsed = parse(
            r#"{"task": "transcribe", "language": "english", "duration": 4.0, "text": "Hi there. Bye now.",
                "segments": [{"id": 0, "start": 0.0, "end": 2.0, "text": " Hi there."},
                             {"id": 1, "start": 2.0, "end": 4.0, "text": " Bye now."}],
                "words": [{"word": "Hi", "start": 0.1, "end": 0.4}, {"word": "there", "start": 0.5, "end": 1.0},
                          {"word": "Bye", "start": 2.0, "end": 2.5}, {"word": "now", "start": 2.6, "end": 3.0}]}"#,
        )
        .unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(timed_words(&parsed.cues[0]), [("Hi", 100), ("there.", 500)]);
        assert_eq!(timed_words(&parsed.cues[1]), [("Bye", 2000), ("now.", 2600)]);
    }

    #[test]
    fn text_and_words_without_segments_are_one_segment() {
        let cue = one(r#"{"task": "transcribe", "duration": 2.5, "text": "Hello world.",
                "words": [{"word": "Hello", "start": 0.2, "end": 0.6}, {"word": "world", "start": 0.7, "end": 1.1}]}"#);
        assert_eq!((cue.start, cue.end, cue.text.as_str()), (Some(0), Some(2500), "Hello world."));
        assert_eq!(timed_words(&cue), [("Hello", 200), ("world.", 700)]);
    }

    #[test]
    fn the_apis_text_alone_is_read_as_plain_text() {
        let parsed = parse(r#"{"text":"Grace: Hello there.\n\nAlex: Hi, and welcome."}"#).unwrap();
        let got: Vec<_> = parsed.cues.iter().map(|c| (c.start, c.speaker.as_deref(), c.text.as_str())).collect();
        assert_eq!(got, [(None, Some("Grace"), "Hello there."), (None, Some("Alex"), "Hi, and welcome.")]);
        let error = parse("{\n\"text\": 5}").unwrap_err();
        assert_eq!((error.line, error.kind), (1, ErrorKind::Field));
    }

    #[test]
    fn unreadable_top_level_words_warn_at_their_line() {
        let parsed =
            parse("{\"segments\": [{\"start\": 0, \"text\": \"a\"}],\n\"words\": [{\"word\": \"a\", \"start\": -2}]}")
                .unwrap();
        let w = &parsed.warnings[0];
        assert_eq!((w.kind, w.line), (ErrorKind::Timing, 2));
        assert_eq!(
            w.message,
            r#"the top-level "words": word 1: "start" (-2) must not be negative; 1 word time not read (the text is)"#
        );
        assert_eq!(cue_texts(&parsed), ["a"]);
    }

    // --- whisper.cpp ---------------------------------------------------------

    #[test]
    fn reads_a_whisper_cpp_item_from_its_offsets() {
        let cue = one(
            r#"{"systeminfo": "AVX = 1", "model": {"type": "base"}, "params": {"language": "en"}, "result": {"language": "en"},
                "transcription": [{"timestamps": {"from": "00:00:00,000", "to": "00:00:09,000"},
                "offsets": {"from": 1000, "to": 3000}, "text": " And so my fellow Americans"}]}"#,
        );
        assert_eq!((cue.start, cue.end, cue.text.as_str()), (Some(1000), Some(3000), "And so my fellow Americans"));
    }

    #[test]
    fn whisper_cpps_diarized_speakers_are_read() {
        let parsed = parse(
            r#"{"transcription": [
                {"offsets": {"from": 0, "to": 1000}, "text": " Hello.", "speaker": "0"},
                {"offsets": {"from": 1000, "to": 2000}, "text": " Hi.", "speaker": "1"},
                {"offsets": {"from": 2000, "to": 3000}, "text": " Mm.", "speaker": "?"},
                {"offsets": {"from": 3000, "to": 4000}, "text": " Ann here.", "speaker": "Ann"}]}"#,
        )
        .unwrap();
        let got: Vec<_> = parsed.cues.iter().map(|c| c.speaker.as_deref()).collect();
        assert_eq!(got, [Some("Speaker 0"), Some("Speaker 1"), None, Some("Ann")]);
    }

    #[test]
    fn whisper_cpp_falls_back_to_the_timestamps() {
        let cue = one(
            r#"{"transcription": [{"timestamps": {"from": "00:01:02,500", "to": "00:01:04,000"}, "text": " Hi"}]}"#,
        );
        assert_eq!((cue.start, cue.end), (Some(62_500), Some(64_000)));
        let cue = one(
            r#"{"transcription": [{"timestamps": {"from": "00:00:01,000"}, "offsets": {"from": -5}, "text": " Hi"}]}"#,
        );
        assert_eq!((cue.start, cue.end), (Some(1000), None));
    }

    #[test]
    fn whisper_cpp_times_that_cannot_be_read_drop_the_item() {
        let w = warning(r#"{"transcription": [{"offsets": {"from": -5}, "text": " lost"}]}"#, &[]);
        assert_eq!(w.kind, ErrorKind::Timing);
        assert_eq!(
            w.message,
            r#"segment 1: "offsets" "from" (-5) must not be negative; the segment is dropped and its text is not read: `lost`"#
        );
        let w = warning(r#"{"transcription": [{"timestamps": {"from": "soon"}, "text": " lost"}]}"#, &[]);
        assert!(
            w.message.starts_with(r#"segment 1: "timestamps" "from" must be a time like "00:00:03,000""#),
            "{}",
            w.message
        );
        let w = warning(r#"{"transcription": [{"offsets": [0, 1], "text": " lost"}]}"#, &[]);
        assert!(w.message.starts_with(r#"segment 1: "offsets" must be an object like"#), "{}", w.message);
        let w = warning(r#"{"transcription": [{"offsets": {"to": 5}, "text": " lost"}]}"#, &[]);
        assert!(w.message.starts_with(r#"segment 1: missing "offsets" "from""#), "{}", w.message);
        let w = warning(r#"{"transcription": [{"offsets": {"from": 5e12}, "text": " lost"}]}"#, &[]);
        assert!(w.message.contains("beyond 1000 hours;"), "{}", w.message);
    }

    #[test]
    fn whisper_cpp_end_before_start_is_kept() {
        let w = warning(r#"{"transcription": [{"offsets": {"from": 3000, "to": 100}, "text": " a"}]}"#, &["a"]);
        assert_eq!(
            w.message,
            r#"segment 1: "offsets" "to" (100) is before "from" (3000); read as ending where it starts"#
        );
    }

    #[test]
    fn whisper_cpp_tokens_give_word_times_and_specials_are_skipped() {
        let cue =
            one(r#"{"transcription": [{"offsets": {"from": 0, "to": 3000}, "text": " And so my fellow Americans",
                "tokens": [
                {"text": "[_BEG_]", "offsets": {"from": 0, "to": 0}, "id": 50364, "p": 0.9, "t_dtw": -1},
                {"text": " And", "offsets": {"from": 30, "to": 330}, "id": 400, "p": 0.8, "t_dtw": -1},
                {"text": " so", "offsets": {"from": 330, "to": 610}, "id": 370, "p": 0.9, "t_dtw": -1},
                {"text": " my", "offsets": {"from": -10, "to": -10}, "id": 452, "p": 0.9, "t_dtw": -1},
                {"text": " fellow", "offsets": {"from": 900, "to": 1400}, "id": 7177, "p": 0.9, "t_dtw": -1},
                {"text": " Americ", "offsets": {"from": 1400, "to": 2100}, "id": 3374, "p": 0.9, "t_dtw": -1},
                {"text": "ans", "offsets": {"from": 2100, "to": 2900}, "id": 599, "p": 0.9, "t_dtw": -1},
                {"text": "[_TT_150]", "offsets": {"from": 3000, "to": 3000}, "id": 50514, "p": 0.9, "t_dtw": -1}]}]}"#);
        assert_eq!(timed_words(&cue), [("And", 30), ("so", 330), ("fellow", 900), ("Americans", 1400)]);
    }

    // --- split captions -----------------------------------------------------

    #[test]
    fn same_time_segments_of_one_speaker_are_joined() {
        let parsed = parse(
            r#"{"segments": [{"speaker": "A", "startTime": 1, "endTime": 5, "body": "One. Two"},
                {"speaker": "A", "startTime": 1, "endTime": 5, "body": "three. Four."},
                {"speaker": "A", "startTime": 5, "endTime": 6, "body": "Five."}]}"#,
        )
        .unwrap();
        assert_eq!(cue_texts(&parsed), ["One. Two three. Four.", "Five."]);
        assert_eq!((parsed.cues[0].start, parsed.cues[0].end), (Some(1000), Some(5000)));
    }

    #[test]
    fn joined_cues_keep_their_word_times_at_their_words() {
        let parsed = parse(
            r#"{"segments": [{"start": 1, "end": 2, "text": "a b", "words": [{"word": "a", "start": 1}, {"word": "b", "start": 1.5}]},
                {"start": 1, "end": 2, "text": "cc d", "words": [{"word": "cc", "start": 1.6}, {"word": "d", "start": 1.8}]}]}"#,
        )
        .unwrap();
        assert_eq!(timed_words(&parsed.cues[0]), [("a", 1000), ("b", 1500), ("cc", 1600), ("d", 1800)]);
    }

    #[test]
    fn same_time_segments_of_different_speakers_share_the_span_by_words() {
        let parsed = parse(
            r#"{"segments": [{"speaker": "A", "startTime": 0, "endTime": 4, "body": "One two three."},
                {"speaker": "B", "startTime": 0, "endTime": 4, "body": "Four."},
                {"speaker": "A", "startTime": 0, "endTime": 4, "body": "Five six seven eight."}]}"#,
        )
        .unwrap();
        let spans: Vec<(Option<Millis>, Option<Millis>)> = parsed.cues.iter().map(|c| (c.start, c.end)).collect();
        assert_eq!(spans, [(Some(0), Some(1500)), (Some(1500), Some(2000)), (Some(2000), Some(4000))]);
    }

    #[test]
    fn same_start_without_an_end_is_joined_too() {
        let parsed = parse(r#"{"segments": [{"startTime": 1, "body": "a"}, {"startTime": 1, "body": "b"}]}"#).unwrap();
        assert_eq!(cue_texts(&parsed), ["a b"]);
    }

    // --- no input panics ------------------------------------------------------

    #[test]
    fn garbage_and_prefixes_never_panic() {
        let good = "{\n \"version\": \"1.0.0\",\n \"segments\": [\n  {\"speaker\": \"Zoë 🎙\", \"startTime\": 0.5, \"endTime\": 1.2, \"body\": \"héllo \\u00e9 \\\"q\\\"\"}\n ]\n}\n";
        let whisperx = r#"{"segments": [{"start": 0.5, "end": 2, "text": " Zoë 🎙 a 2024", "speaker": "S1", "words": [{"word": "Zoë", "start": 0.5, "speaker": "S1"}, {"word": "🎙", "start": 0.9, "speaker": "S2"}, {"word": "a", "start": 1, "speaker": "S1"}, {"word": "2024"}]}]}"#;
        let cpp = r#"{"transcription": [{"timestamps": {"from": "00:00:00,000", "to": "00:00:03,000"}, "offsets": {"from": 0, "to": 3000}, "text": " héllo wörld", "tokens": [{"text": " hé", "offsets": {"from": 0}}, {"text": "llo", "offsets": {"from": 10}}, {"text": " wörld", "offsets": {"from": 20}}]}]}"#;
        for sample in [good, whisperx, cpp] {
            for (i, _) in sample.char_indices() {
                let _ = parse(&sample[..i]);
            }
            for mangled in crate::parse::fuzz::mangled(sample, b"{}[]\":,0-. e\\", 7, 300) {
                let _ = parse(&mangled);
            }
        }
        for garbage in [
            "",
            " ",
            "{",
            "}",
            "\"",
            "[",
            "{\"segments\"",
            "{\"segments\": [{",
            "\u{feff}",
            "\u{feff}\u{feff}{}",
            "\0",
            "{\"segments\": [\"\\",
            "nul",
            "{\"segments\": [1e999]}",
            "{\"segments\":[{\"startTime\":1,\"body\":\"\u{202e}\u{0301}\"}]}",
            "{\"transcription\": [{\"offsets\": {\"from\": 1e999}}]}",
            "{\"segments\": [{\"start\": 1, \"text\": \"a\", \"words\": [{\"word\": \"a\", \"start\": 1e308}]}]}",
        ] {
            let _ = parse(garbage);
        }
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let _ = parse(&String::from_utf8_lossy(&bytes));
    }
}
