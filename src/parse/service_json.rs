//! The JSON of speech-to-text services that answer with a list of words:
//! Deepgram and Amazon Transcribe. Both put it under `"results"`.
//!
//! In (times in seconds):
//!
//! - Deepgram: `{"metadata", "results": {"channels": [{"alternatives":
//!   [{"transcript", "words": [{"word", "punctuated_word", "start", "end",
//!   "speaker"}]}]}], "utterances"}}`. The first channel's first
//!   alternative is read, each word as written (`punctuated_word`, else
//!   `word`); `speaker` (a number, with diarization) is `Speaker 0`.
//! - Amazon Transcribe: `{"jobName", "results": {"transcripts":
//!   [{"transcript"}], "items": [{"type": "pronunciation", "start_time":
//!   "0.5", "end_time", "alternatives": [{"content"}], "speaker_label":
//!   "spk_0"}, {"type": "punctuation", "alternatives": [{"content": ","}]}]}}`:
//!   times are strings; punctuation has no time and is written against the
//!   word before; `spk_0` is `Speaker 0`.
//!
//! Out: one cue per run of words from one speaker, with each word's time;
//! the assembler cuts runs into sentences. A word without text is skipped;
//! a word without a time keeps its text (with the run's times around it),
//! with one warning for the file. Always holds: every word with text
//! reaches a cue, in order.

use serde_json::{Map, Value};

use super::{Cue, ErrorKind, ParseError, Parsed};
use crate::transcript::{Millis, WordTime};

/// One word as a service lists it.
#[derive(Debug, Default, PartialEq)]
struct Word {
    text: String,
    start: Option<Millis>,
    end: Option<Millis>,
    speaker: Option<String>,
    /// Punctuation written against the word before (no space).
    glued: bool,
}

/// Reads `results` (the value of the top-level key), whose first line is
/// `line`; `None` when it is neither service's.
pub fn parse(results: &Value, line: usize) -> Option<Result<Parsed, ParseError>> {
    let results = results.as_object()?;
    let words = if let Some(channels) = results.get("channels") {
        deepgram_words(channels)
    } else if let Some(items) = results.get("items") {
        aws_words(items)
    } else {
        return None;
    };
    Some(
        words
            .map(|(words, untimed)| cues_of(words, untimed, line))
            .map_err(|what| ParseError::of(ErrorKind::Field, line, what)),
    )
}

/// Deepgram's first channel's first alternative's words.
fn deepgram_words(channels: &Value) -> Result<(Vec<Word>, usize), String> {
    let words = channels
        .get(0)
        .and_then(|c| c.get("alternatives"))
        .and_then(|a| a.get(0))
        .and_then(|a| a.get("words"))
        .and_then(Value::as_array)
        .ok_or("expected \"results\".\"channels\"[0].\"alternatives\"[0].\"words\" (Deepgram), an array of words")?;
    let mut untimed = 0;
    let mut out = Vec::with_capacity(words.len());
    for word in words {
        let Some(word) = word.as_object() else { continue };
        let text = ["punctuated_word", "word"].iter().find_map(|k| word.get(*k).and_then(Value::as_str)).unwrap_or("");
        let start = seconds(word.get("start"));
        untimed += usize::from(start.is_none());
        out.push(Word {
            text: text.trim().to_string(),
            start,
            end: seconds(word.get("end")),
            speaker: speaker_number(word.get("speaker")),
            glued: false,
        });
    }
    Ok((out, untimed))
}

/// Amazon Transcribe's items.
fn aws_words(items: &Value) -> Result<(Vec<Word>, usize), String> {
    let items = items.as_array().ok_or("expected \"results\".\"items\" (Amazon Transcribe) to be an array")?;
    let mut untimed = 0;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(item) = item.as_object() else { continue };
        let text = item
            .get("alternatives")
            .and_then(|a| a.get(0))
            .and_then(|a| a.get("content"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let glued = field_str(item, "type") == Some("punctuation");
        let start = seconds(item.get("start_time"));
        untimed += usize::from(start.is_none() && !glued);
        let speaker = field_str(item, "speaker_label").map(|label| match label.strip_prefix("spk_") {
            Some(n) => format!("Speaker {n}"),
            None => label.to_string(),
        });
        out.push(Word { text: text.trim().to_string(), start, end: seconds(item.get("end_time")), speaker, glued });
    }
    Ok((out, untimed))
}

fn field_str<'a>(fields: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    fields.get(key).and_then(Value::as_str)
}

/// A time in seconds (`super::json`'s reading); `None` when absent or
/// unreadable.
fn seconds(value: Option<&Value>) -> Option<Millis> {
    super::json::seconds_value(value?)
}

/// `Speaker <n>` for a speaker number.
fn speaker_number(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Number(n) => Some(format!("Speaker {n}")),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// One cue per run of one speaker's words.
fn cues_of(words: Vec<Word>, untimed: usize, line: usize) -> Parsed {
    let mut cues: Vec<Cue> = Vec::new();
    for word in words.into_iter().filter(|w| !w.text.is_empty()) {
        let same_run = cues.last().is_some_and(|c| word.glued || c.speaker == word.speaker);
        if !same_run {
            let speaker = word.speaker.clone();
            cues.push(Cue { start: word.start, end: word.end, speaker, line, ..Cue::default() });
        }
        let cue = cues.last_mut().expect("a cue is open");
        if !cue.text.is_empty() && !word.glued {
            cue.text.push(' ');
        }
        if let (Some(start), false) = (word.start, word.glued) {
            cue.words.push(WordTime { offset: cue.text.len() as u32, start });
            cue.start = Some(cue.start.map_or(start, |s| s.min(start)));
        }
        // A word is one word: its own whitespace collapsed.
        cue.text.push_str(&super::collapse_whitespace(&word.text));
        cue.end = cue.end.max(word.end);
    }
    let warnings = match untimed {
        0 => Vec::new(),
        1 => vec![ParseError::of(ErrorKind::Timing, line, "1 word has no time; its text is kept")],
        n => vec![ParseError::of(ErrorKind::Timing, line, format!("{n} words have no time; their text is kept"))],
    };
    Parsed { cues, warnings, ..Parsed::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Parsed {
        let root: Value = serde_json::from_str(json).unwrap();
        parse(&root["results"], 1).expect("a service's results").unwrap()
    }

    fn summary(parsed: &Parsed) -> Vec<String> {
        parsed
            .cues
            .iter()
            .map(|c| {
                let words: Vec<String> = c
                    .words
                    .iter()
                    .map(|w| format!("{}@{}", c.text[w.offset as usize..].split(' ').next().unwrap(), w.start))
                    .collect();
                format!(
                    "{:?}-{:?} {}: {} [{}]",
                    c.start,
                    c.end,
                    c.speaker.as_deref().unwrap_or("-"),
                    c.text,
                    words.join(" ")
                )
            })
            .collect()
    }

    #[test]
    fn deepgram_words_by_speaker_as_punctuated() {
        let parsed = read(
            r#"{"metadata": {"request_id": "x"}, "results": {"channels": [{"alternatives": [{
                "transcript": "hello world how are you",
                "words": [
                    {"word": "hello", "start": 0.08, "end": 0.32, "speaker": 0, "punctuated_word": "Hello,"},
                    {"word": "world", "start": 0.32, "end": 0.8, "speaker": 0, "punctuated_word": "world."},
                    {"word": "how", "start": 1.0, "end": 1.2, "speaker": 1, "punctuated_word": "How"},
                    {"word": "are", "start": 1.2, "end": 1.3, "speaker": 1},
                    {"word": "you", "start": 1.3, "end": 1.6, "speaker": 1, "punctuated_word": "you?"}
                ]}]}]}}"#,
        );
        assert!(parsed.warnings.is_empty());
        assert_eq!(
            summary(&parsed),
            [
                "Some(80)-Some(800) Speaker 0: Hello, world. [Hello,@80 world.@320]",
                "Some(1000)-Some(1600) Speaker 1: How are you? [How@1000 are@1200 you?@1300]",
            ]
        );
    }

    #[test]
    fn deepgram_without_diarization_is_one_speakerless_run() {
        let parsed = read(
            r#"{"results": {"channels": [{"alternatives": [{"words": [
                {"word": "so", "start": 0, "end": 0.2}, {"word": "yes", "start": 0.2, "end": 0.5}]}]}]}}"#,
        );
        assert_eq!(summary(&parsed), ["Some(0)-Some(500) -: so yes [so@0 yes@200]"]);
    }

    #[test]
    fn aws_items_with_punctuation_against_the_word_before() {
        let parsed = read(
            r#"{"jobName": "ep1", "results": {"transcripts": [{"transcript": "Hello, world. Hi."}],
                "speaker_labels": {"speakers": 2},
                "items": [
                    {"type": "pronunciation", "start_time": "0.5", "end_time": "0.9", "alternatives": [{"confidence": "0.99", "content": "Hello"}], "speaker_label": "spk_0"},
                    {"type": "punctuation", "alternatives": [{"confidence": "0.0", "content": ","}], "speaker_label": "spk_0"},
                    {"type": "pronunciation", "start_time": "0.9", "end_time": "1.4", "alternatives": [{"content": "world"}], "speaker_label": "spk_0"},
                    {"type": "punctuation", "alternatives": [{"content": "."}]},
                    {"type": "pronunciation", "start_time": "2.0", "end_time": "2.3", "alternatives": [{"content": "Hi"}], "speaker_label": "spk_1"},
                    {"type": "punctuation", "alternatives": [{"content": "."}]}
                ]}}"#,
        );
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(
            summary(&parsed),
            [
                "Some(500)-Some(1400) Speaker 0: Hello, world. [Hello,@500 world.@900]",
                "Some(2000)-Some(2300) Speaker 1: Hi. [Hi.@2000]",
            ]
        );
    }

    #[test]
    fn untimed_words_keep_their_text_with_a_warning_and_other_results_are_not_ours() {
        let parsed = read(
            r#"{"results": {"channels": [{"alternatives": [{"words": [
                {"word": "a", "start": 0, "end": 0.2}, {"word": "2024"}, {"word": "", "start": 1}, {"word": "b", "start": "0.6", "end": "0.8"}]}]}]}}"#,
        );
        assert_eq!(summary(&parsed), ["Some(0)-Some(800) -: a 2024 b [a@0 b@600]"]);
        assert_eq!(parsed.warnings.len(), 1);
        assert!(parsed.warnings[0].message.contains("1 word has no time"), "{:?}", parsed.warnings);
        let other: Value = serde_json::from_str(r#"{"results": {"score": 1}}"#).unwrap();
        assert!(parse(&other["results"], 1).is_none());
        let bad: Value = serde_json::from_str(r#"{"results": {"channels": []}}"#).unwrap();
        let e = parse(&bad["results"], 3).unwrap().unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("Deepgram"), "{}", e.message);
    }
}
