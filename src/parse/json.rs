//! Podcasting 2.0 JSON transcripts in, cues out.
//!
//! In: `{"version": "1.0.0", "segments": [{"speaker": "Name", "startTime":
//! 0.5, "endTime": 1.2, "body": "text"}, ...]}`, times in seconds. Out: one
//! [`Cue`] per segment, in array order, with times rounded to milliseconds,
//! the body's whitespace collapsed, and the speaker if given. Segments with
//! an empty body are dropped.
//!
//! Granularity is left alone: a word-level file (one word per segment) gives
//! one cue per word, whose own start is the word's time (`words` stays
//! empty); [`super::assemble`] joins cues into sentences.
//!
//! Always holds: `startTime` and `body` are present; `endTime`, when given,
//! is not before `startTime`; times are within 1000 hours. Anything else is
//! a [`ParseError`] at the 1-based line where the offending segment object
//! starts (or where the JSON syntax breaks). Unknown fields and top-level
//! metadata are ignored.

use serde_json::{Map, Value};

use super::{collapse_whitespace, Cue, ErrorKind, ParseError, Parsed};
use crate::transcript::Millis;

/// Longest time accepted, in seconds: 1000 hours, as [`crate::clock`] does.
const MAX_SECONDS: f64 = 1000.0 * 3600.0;

/// Longest excerpt of a wrong value quoted in an error message, in chars.
const QUOTE_CHARS: usize = 40;

/// Reads a Podcasting 2.0 JSON transcript into cues.
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
    let root: Value = serde_json::from_str(text).map_err(syntax_error)?;

    // serde_json's values do not remember where they were, so the offsets
    // that error lines need come from a second, positional scan of the
    // (now known to be valid) text.
    let layout = Layout::scan(text);
    let root_line = layout.line_of(text, layout.root);
    let root = match root {
        Value::Object(map) => map,
        other => {
            let found = describe(&other);
            let message = format!("expected a JSON object with a \"segments\" array, found {found}");
            return Err(ParseError::new(root_line, message));
        }
    };
    let segments = match root.get("segments") {
        Some(Value::Array(segments)) => segments,
        Some(other) => {
            let line = layout.segments.map_or(root_line, |at| layout.line_of(text, at));
            let message = format!("expected a \"segments\" array, found {}", describe(other));
            return Err(ParseError::new(line, message));
        }
        None => return Err(ParseError::new(root_line, missing_segments(&root))),
    };

    let lines = layout.element_lines(text);
    let mut cues = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        // The scan and serde_json read the same valid text, so their counts
        // agree; the fallback only guards against a scanner bug.
        let line = lines.get(i).copied().unwrap_or(root_line);
        let cue =
            read_segment(segment, line).map_err(|what| ParseError::new(line, format!("segment {}: {what}", i + 1)))?;
        cues.extend(cue);
    }
    Ok(Parsed { cues, ..Parsed::default() })
}

/// Turns one segment into a cue (`None` for an empty body), or says what is
/// wrong with it.
fn read_segment(segment: &Value, line: usize) -> Result<Option<Cue>, String> {
    let Value::Object(fields) = segment else {
        return Err(format!(
            "expected an object with \"startTime\", \"endTime\" and \"body\", found {}",
            describe(segment)
        ));
    };
    let start_value = fields.get("startTime").ok_or("missing \"startTime\" (when the segment starts, in seconds)")?;
    let start = seconds("startTime", start_value)?;
    let end = match fields.get("endTime") {
        None | Some(Value::Null) => None,
        Some(end_value) => {
            let end = seconds("endTime", end_value)?;
            if end < start {
                return Err(format!("\"endTime\" ({end_value}) is before \"startTime\" ({start_value})"));
            }
            Some(end)
        }
    };
    let body = match fields.get("body") {
        Some(Value::String(body)) => collapse_whitespace(body),
        Some(other) => return Err(format!("\"body\" must be a string, found {}", describe(other))),
        None => return Err("missing \"body\" (the segment's text)".to_string()),
    };
    let speaker = match fields.get("speaker") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(collapse_whitespace(name)).filter(|n| !n.is_empty()),
        Some(other) => return Err(format!("\"speaker\" must be a string, found {}", describe(other))),
    };
    if body.is_empty() {
        return Ok(None);
    }
    Ok(Some(Cue {
        start: Some(to_millis(start)),
        end: end.map(to_millis),
        speaker,
        text: body,
        words: Vec::new(),
        line,
    }))
}

/// Reads a time field as seconds, checking it is a plausible time.
fn seconds(field: &str, value: &Value) -> Result<f64, String> {
    let Some(secs) = value.as_f64() else {
        return Err(format!("\"{field}\" must be a number of seconds, found {}", describe(value)));
    };
    if secs < 0.0 {
        return Err(format!("\"{field}\" ({value}) must not be negative"));
    }
    // serde_json never yields an infinite number, but one must not pass.
    if !secs.is_finite() || secs > MAX_SECONDS {
        return Err(format!("\"{field}\" ({value}) is beyond 1000 hours; times must be in seconds, not milliseconds"));
    }
    Ok(secs)
}

/// Seconds (checked to be within 0..=1000 h) to the nearest millisecond.
fn to_millis(secs: f64) -> Millis {
    // At most 3.6e9, which fits a u32.
    (secs * 1000.0).round() as Millis
}

/// The message for a top-level object with no `segments`, listing the keys
/// it does have so the user can spot a misspelling.
fn missing_segments(root: &Map<String, Value>) -> String {
    let mut message = "expected a \"segments\" array at the top level".to_string();
    if root.is_empty() {
        message.push_str(", found an empty object");
    } else {
        let keys: Vec<String> = root.keys().take(8).map(|k| format!("{k:?}")).collect();
        let more = if root.len() > keys.len() { ", ..." } else { "" };
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

/// Byte offsets of the parts of a valid JSON document that errors point at.
#[derive(Debug, Default)]
struct Layout {
    /// Where the top-level value starts.
    root: usize,
    /// Where the value of the (last, as serde_json keeps the last) top-level
    /// `"segments"` key starts.
    segments: Option<usize>,
    /// Where each element of that value starts, if it is an array.
    elements: Vec<usize>,
}

impl Layout {
    /// Scans text that serde_json has accepted. It never panics on other
    /// text either; it just finds less.
    fn scan(text: &str) -> Layout {
        let b = text.as_bytes();
        let mut layout = Layout { root: skip_ws(b, 0), ..Layout::default() };
        let mut i = layout.root;
        if b.get(i) != Some(&b'{') {
            return layout;
        }
        i += 1;
        loop {
            i = skip_ws(b, i);
            if b.get(i) != Some(&b'"') {
                return layout;
            }
            let key_end = skip_string(b, i);
            // Decoding the key through serde_json honours escapes such as
            // "segm\u0065nts", exactly as the real parse did.
            let key: Option<String> = text.get(i..key_end).and_then(|k| serde_json::from_str(k).ok());
            i = skip_ws(b, key_end);
            if b.get(i) != Some(&b':') {
                return layout;
            }
            i = skip_ws(b, i + 1);
            if key.as_deref() == Some("segments") {
                layout.segments = Some(i);
                layout.elements = if b.get(i) == Some(&b'[') { elements(b, i) } else { Vec::new() };
            }
            i = skip_ws(b, skip_value(b, i));
            if b.get(i) != Some(&b',') {
                return layout;
            }
            i += 1;
        }
    }

    /// The 1-based line of a byte offset.
    fn line_of(&self, text: &str, offset: usize) -> usize {
        let end = offset.min(text.len());
        1 + text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count()
    }

    /// The 1-based line of each element, counted in one pass (a word-level
    /// file has tens of thousands of segments).
    fn element_lines(&self, text: &str) -> Vec<usize> {
        let b = text.as_bytes();
        let (mut line, mut at) = (1, 0);
        self.elements
            .iter()
            .map(|&offset| {
                let end = offset.clamp(at, b.len());
                line += b[at..end].iter().filter(|&&c| c == b'\n').count();
                at = end;
                line
            })
            .collect()
    }
}

/// The start offsets of the elements of the array starting at `i`.
fn elements(b: &[u8], i: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut j = skip_ws(b, i + 1);
    while j < b.len() && b[j] != b']' {
        starts.push(j);
        j = skip_ws(b, skip_value(b, j));
        if b.get(j) != Some(&b',') {
            break;
        }
        j = skip_ws(b, j + 1);
    }
    starts
}

/// The offset just past the JSON value starting at `i`.
fn skip_value(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{' | b'[') => {
            // Counting brackets is enough: the text is valid, so they pair up.
            let (mut j, mut depth) = (i, 0usize);
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = skip_string(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            j
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                j += 1;
            }
            j
        }
    }
}

/// The offset just past the string whose opening quote is at `i`.
fn skip_string(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

/// The first offset at or after `i` that is not JSON whitespace.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> (usize, String) {
        let e = parse(text).unwrap_err();
        (e.line, e.message)
    }

    fn one(text: &str) -> Cue {
        let mut cues = parse(text).unwrap().cues;
        assert_eq!(cues.len(), 1, "{cues:?}");
        cues.remove(0)
    }

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
    fn body_whitespace_is_collapsed_and_empty_bodies_dropped() {
        let text = r#"{"segments": [{"startTime": 1, "body": "  "}, {"startTime": 2, "body": "a\n\tb  c "}, {"startTime": 3, "body": ""}]}"#;
        let cues = parse(text).unwrap().cues;
        assert_eq!(cues.len(), 1);
        assert_eq!(cues[0].text, "a b c");
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
        assert_eq!(
            err("\n{\"version\": \"1.0.0\", \"segmnts\": []}"),
            (2, r#"expected a "segments" array at the top level, found only "segmnts", "version""#.to_string())
        );
        assert_eq!(err("{}").1, r#"expected a "segments" array at the top level, found an empty object"#);
    }

    #[test]
    fn segments_must_be_an_array() {
        assert_eq!(
            err("{\"version\": 1,\n\"segments\":\n {\"a\": 1}}"),
            (3, r#"expected a "segments" array, found an object"#.to_string())
        );
    }

    #[test]
    fn top_level_must_be_an_object() {
        assert_eq!(err("[1, 2]"), (1, r#"expected a JSON object with a "segments" array, found an array"#.to_string()));
    }

    #[test]
    fn segments_must_be_objects() {
        assert_eq!(
            err("{\"segments\": [\n{\"startTime\": 1, \"body\": \"a\"},\n 7]}"),
            (3, r#"segment 2: expected an object with "startTime", "endTime" and "body", found 7"#.to_string())
        );
    }

    #[test]
    fn start_time_is_required() {
        assert_eq!(
            err("{\"segments\": [{\"body\": \"a\"}]}").1,
            r#"segment 1: missing "startTime" (when the segment starts, in seconds)"#
        );
    }

    #[test]
    fn body_is_required() {
        assert_eq!(err("{\"segments\": [{\"startTime\": 1}]}").1, r#"segment 1: missing "body" (the segment's text)"#);
    }

    #[test]
    fn times_must_be_numbers() {
        assert_eq!(
            err(r#"{"segments": [{"startTime": "abc", "body": "a"}]}"#).1,
            r#"segment 1: "startTime" must be a number of seconds, found "abc""#
        );
        assert_eq!(
            err(r#"{"segments": [{"startTime": 1, "endTime": [2], "body": "a"}]}"#).1,
            r#"segment 1: "endTime" must be a number of seconds, found an array"#
        );
    }

    #[test]
    fn long_wrong_values_are_shortened() {
        let long = "x".repeat(100);
        let message = err(&format!(r#"{{"segments": [{{"startTime": "{long}", "body": "a"}}]}}"#)).1;
        assert!(message.ends_with(&format!("found \"{}\"...", "x".repeat(40))), "{message}");
    }

    #[test]
    fn body_and_speaker_must_be_strings() {
        assert_eq!(
            err(r#"{"segments": [{"startTime": 1, "body": 5}]}"#).1,
            r#"segment 1: "body" must be a string, found 5"#
        );
        assert_eq!(
            err(r#"{"segments": [{"startTime": 1, "body": "a", "speaker": true}]}"#).1,
            r#"segment 1: "speaker" must be a string, found true"#
        );
    }

    #[test]
    fn negative_times_are_rejected() {
        assert_eq!(
            err(r#"{"segments": [{"startTime": -0.5, "body": "a"}]}"#).1,
            r#"segment 1: "startTime" (-0.5) must not be negative"#
        );
    }

    #[test]
    fn huge_times_are_rejected() {
        assert_eq!(
            err(r#"{"segments": [{"startTime": 1, "endTime": 3600000.5, "body": "a"}]}"#).1,
            r#"segment 1: "endTime" (3600000.5) is beyond 1000 hours; times must be in seconds, not milliseconds"#
        );
        assert!(err(r#"{"segments": [{"startTime": 1e300, "body": "a"}]}"#).1.contains("beyond 1000 hours"));
    }

    #[test]
    fn end_before_start_is_rejected_at_the_segments_line() {
        let text = "{\"segments\": [\n{\"startTime\": 0, \"body\": \"a\"},\n{\"startTime\": 0, \"body\": \"b\"},\n  {\n \"startTime\": 2.0,\n \"endTime\": 1.0, \"body\": \"c\"}]}";
        assert_eq!(err(text), (4, r#"segment 3: "endTime" (1.0) is before "startTime" (2.0)"#.to_string()));
    }

    #[test]
    fn equal_start_and_end_are_fine() {
        let cue = one(r#"{"segments": [{"startTime": 2, "endTime": 2, "body": "a"}]}"#);
        assert_eq!((cue.start, cue.end), (Some(2000), Some(2000)));
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

    #[test]
    fn garbage_and_prefixes_never_panic() {
        let good = "{\n \"version\": \"1.0.0\",\n \"segments\": [\n  {\"speaker\": \"Zoë 🎙\", \"startTime\": 0.5, \"endTime\": 1.2, \"body\": \"héllo \\u00e9 \\\"q\\\"\"}\n ]\n}\n";
        for (i, _) in good.char_indices() {
            let _ = parse(&good[..i]);
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
        ] {
            let _ = parse(garbage);
        }
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let _ = parse(&String::from_utf8_lossy(&bytes));
        // The scanner alone, on text serde_json never saw.
        for text in ["{\"segments\": [\"\\", "{\"a\"", "{\"segments\": [{[", "{\"\\"] {
            let layout = Layout::scan(text);
            let _ = layout.element_lines(text);
        }
    }
}
