//! JSON transcripts (Podcasting 2.0, Whisper, WhisperX, whisper.cpp) against
//! golden cue lists; every source word reaching the transcript; the line,
//! kind and message of each malformed file, leniently and with `--strict`;
//! large generated files; `index` then `dump --json` with word times.

use std::path::Path;

use serde_json::Value;
use verbatim::parse::{json, Cue, ErrorKind, Format, ParseError, Parsed};
use verbatim::transcript::Millis;

use crate::common::*;

fn parse_fixture(name: &str) -> Result<Parsed, ParseError> {
    let text = read_fixture(&format!("json/{name}.json"));
    assert_eq!(Format::detect(&text), Format::Json, "{name} is not detected as JSON");
    json::parse(&text)
}

fn golden(name: &str) {
    let parsed = parse_fixture(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(parsed.warnings.is_empty(), "{name}: {:?}", parsed.warnings);
    assert_golden(&parsed, &format!("json/{name}.expected"));
}

fn error(name: &str) -> (usize, String) {
    let e = parse_fixture(name).expect_err(name);
    (e.line, e.message)
}

fn clock(ms: Millis) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

/// The golden format of `common::render_cues`, each cue with word times
/// followed by a line of `word@time`.
fn render_cues_with_words(cues: &[Cue]) -> String {
    let mut out = String::new();
    for cue in cues {
        out.push_str(&render_cues(std::slice::from_ref(cue)));
        if !cue.words.is_empty() {
            let words: Vec<String> =
                cue.words.iter().map(|w| format!("{}@{}", word_at(&cue.text, w.offset), clock(w.start))).collect();
            out.push_str(&format!("    words: {}\n", words.join(" ")));
        }
    }
    out
}

/// The word that starts at byte `offset` of a text.
fn word_at(text: &str, offset: u32) -> &str {
    text.get(offset as usize..).and_then(|rest| rest.split(' ').next()).unwrap_or("<not a word start>")
}

/// Like `golden`, for sources with word times. Set `UPDATE_GOLDEN=1` to
/// rewrite the file instead.
fn golden_with_words(name: &str) {
    let parsed = parse_fixture(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(parsed.warnings.is_empty(), "{name}: {:?}", parsed.warnings);
    let got = render_cues_with_words(&parsed.cues);
    let path = fixture(&format!("json/{name}.expected"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(got, want, "cues differ from golden file json/{name}.expected");
}

/// Every word time points at a word start of its cue, in increasing order.
fn assert_word_times_mark_word_starts(parsed: &Parsed) {
    for cue in &parsed.cues {
        let mut last = None;
        for w in &cue.words {
            let at = w.offset as usize;
            assert!(cue.text.is_char_boundary(at) && at < cue.text.len(), "{cue:?}");
            assert!(at == 0 || cue.text.as_bytes()[at - 1] == b' ', "offset {at} is inside a word: {cue:?}");
            assert!(last < Some(at), "offsets out of order: {cue:?}");
            last = Some(at);
        }
    }
}

/// The words of the fixture's own text fields (`segments[].body`,
/// `segments[].text` or `transcription[].text`), in order.
fn source_words(name: &str) -> Vec<String> {
    let root: Value = serde_json::from_str(&read_fixture(&format!("json/{name}.json"))).unwrap();
    let (items, key) = match root.get("transcription") {
        Some(items) => (items, "text"),
        None if root["segments"][0].get("body").is_some() => (&root["segments"], "body"),
        None => (&root["segments"], "text"),
    };
    let texts = items.as_array().unwrap().iter().filter_map(|item| item.get(key).and_then(Value::as_str));
    texts.flat_map(|t| t.split_whitespace().map(str::to_string).collect::<Vec<_>>()).collect()
}

/// Every word of the source's text reaches the cues and then the
/// transcript's segments, once and in order.
fn assert_every_source_word_is_read(name: &str) {
    let want = source_words(name);
    assert!(!want.is_empty(), "{name}");
    let parsed = parse_fixture(name).unwrap();
    let cue_words: Vec<&str> = parsed.cues.iter().flat_map(|c| c.text.split(' ')).collect();
    assert_eq!(cue_words, want, "{name}: cue words");
    let t = verbatim::parse::parse_str(&read_fixture(&format!("json/{name}.json"))).unwrap();
    let segment_words: Vec<&str> = t.segments.iter().flat_map(|s| s.text.split(' ')).collect();
    assert_eq!(segment_words, want, "{name}: transcript words");
}

// --- Rev -------------------------------------------------------------------------

#[test]
fn revs_monologues_are_its_speakers_turns_with_word_times() {
    golden_with_words("rev");
    let parsed = parse_fixture("rev").unwrap();
    assert_word_times_mark_word_starts(&parsed);
    let t = verbatim::parse::parse_str(&read_fixture("json/rev.json")).unwrap();
    let names: Vec<&str> = t.speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Alex Kantrowitz", "Speaker 1"]);
}

// --- Podcasting 2.0 ------------------------------------------------------------

#[test]
fn sentence_level_segments() {
    golden("segments");
}

#[test]
fn word_level_segments_stay_one_cue_per_word() {
    golden("words");
    let parsed = parse_fixture("words").unwrap();
    assert_eq!(parsed.cues.len(), 37);
    assert!(parsed.cues.iter().all(|c| c.words.is_empty() && !c.text.contains(' ')));
}

#[test]
fn segments_without_speakers() {
    golden("no_speaker");
}

#[test]
fn cues_remember_the_line_of_their_segment() {
    let lines: Vec<usize> = parse_fixture("segments").unwrap().cues.iter().map(|c| c.line).collect();
    assert_eq!(lines, [4, 10, 16, 22, 34, 41]);
}

#[test]
fn metadata_is_not_read_from_json() {
    assert_eq!(parse_fixture("segments").unwrap().header, Default::default());
}

#[test]
fn podcasting_words_all_reach_the_transcript() {
    for name in ["segments", "words", "no_speaker"] {
        assert_every_source_word_is_read(name);
    }
}

#[test]
fn split_captions_from_a_host_are_joined_in_order() {
    golden("split_captions");
    assert_every_source_word_is_read("split_captions");
}

#[test]
fn split_captions_give_each_word_once_in_order_through_parse_str() {
    // Each part holds two sentences, so each would be cut in two segments
    // timed across the whole span; sorted by time, they would interleave.
    let text = r#"{"segments": [
        {"speaker": "A", "startTime": 0, "endTime": 8, "body": "One two. Three four."},
        {"speaker": "A", "startTime": 0, "endTime": 8, "body": "Five six. Seven eight."},
        {"speaker": "B", "startTime": 0, "endTime": 8, "body": "Nine ten. Eleven twelve."}]}"#;
    let t = verbatim::parse::parse_str(text).unwrap();
    let words: Vec<&str> = t.segments.iter().flat_map(|s| s.text.split(' ')).collect();
    assert_eq!(
        words,
        ["One", "two.", "Three", "four.", "Five", "six.", "Seven", "eight.", "Nine", "ten.", "Eleven", "twelve."]
    );
    assert!(t.segments.windows(2).all(|w| w[0].start <= w[1].start));
}

// --- Whisper, WhisperX, whisper.cpp --------------------------------------------

#[test]
fn whisper_without_words() {
    golden("whisper");
    let parsed = parse_fixture("whisper").unwrap();
    assert!(parsed.cues.iter().all(|c| c.words.is_empty() && c.speaker.is_none()));
    assert_every_source_word_is_read("whisper");
}

#[test]
fn whisper_with_word_timestamps() {
    golden_with_words("whisper_words");
    let parsed = parse_fixture("whisper_words").unwrap();
    assert_word_times_mark_word_starts(&parsed);
    assert_eq!(parsed.cues.iter().map(|c| c.words.len()).sum::<usize>(), 14);
    assert_eq!(parsed.cues.iter().map(|c| c.line).collect::<Vec<_>>(), [7, 24, 41]);
    assert_every_source_word_is_read("whisper_words");
}

#[test]
fn whisperx_splits_a_segment_where_the_speaker_changes() {
    golden_with_words("whisperx");
    let parsed = parse_fixture("whisperx").unwrap();
    assert_word_times_mark_word_starts(&parsed);
    let speakers: Vec<Option<&str>> = parsed.cues.iter().map(|c| c.speaker.as_deref()).collect();
    assert_eq!(speakers, [Some("SPEAKER_00"), Some("SPEAKER_00"), Some("SPEAKER_01"), Some("SPEAKER_00"), None]);
    // The untimed numbers are words of the text, without times.
    assert_eq!(parsed.cues[1].text, "We counted 1,200 birds in 2024, right?");
    assert_eq!(parsed.cues[1].words.len(), 5);
    assert_every_source_word_is_read("whisperx");
}

#[test]
fn whisper_cpp_items() {
    golden("whisper_cpp");
    assert!(parse_fixture("whisper_cpp").unwrap().cues.iter().all(|c| c.words.is_empty()));
    assert_every_source_word_is_read("whisper_cpp");
}

#[test]
fn whisper_cpp_full_tokens_give_word_times() {
    golden_with_words("whisper_cpp_full");
    let parsed = parse_fixture("whisper_cpp_full").unwrap();
    assert_word_times_mark_word_starts(&parsed);
    assert_eq!(parsed.cues[0].words.len(), 4);
    assert_every_source_word_is_read("whisper_cpp_full");
}

// --- malformed files -------------------------------------------------------------

#[test]
fn bad_syntax_points_at_the_missing_comma() {
    assert_eq!(
        error("bad_syntax"),
        (
            10,
            "invalid JSON at column 5: expected `,` or `]`; check for a missing comma, quote or bracket here or just before"
                .to_string()
        )
    );
    assert_eq!(parse_fixture("bad_syntax").unwrap_err().kind, ErrorKind::Syntax);
}

#[test]
fn missing_segments_names_the_keys_found() {
    let e = parse_fixture("missing_segments").unwrap_err();
    assert_eq!(e.kind, ErrorKind::WrongFormat);
    assert_eq!(
        (e.line, e.message.as_str()),
        (
            1,
            r#"expected a "segments" array at the top level (or whisper.cpp's "transcription"), found only "segment", "version""#
        )
    );
}

#[test]
fn errors_name_the_file_through_load() {
    let e = verbatim::parse::load(&fixture("json/missing_segments.json")).expect_err("not a transcript");
    assert!(e.to_string().contains("missing_segments.json:1: expected a \"segments\" array"), "{e}");
}

/// A file with one problem that is worked around: where it is, what kind
/// it is, how its message starts, and the words that are read.
struct Lenient {
    name: &'static str,
    line: usize,
    kind: ErrorKind,
    message: &'static str,
    words: &'static str,
}

const LENIENT: [Lenient; 8] = [
    Lenient {
        name: "end_before_start",
        line: 6,
        kind: ErrorKind::TimeOrder,
        message: r#"segment 3: "endTime" (1.25) is before "startTime" (12.5); read as ending where it starts"#,
        words: "Welcome. Thanks. So let's start.",
    },
    Lenient {
        name: "missing_start",
        line: 3,
        kind: ErrorKind::Field,
        message: "segment 2: missing \"start\" (when the segment starts, in seconds); \
                  the segment is dropped and its text is not read: `The first question is about funding.`",
        words: "Let's begin. Okay.",
    },
    Lenient {
        name: "time_not_a_number",
        line: 5,
        kind: ErrorKind::Field,
        message: "segment 2: \"startTime\" must be a number of seconds, found \"2.5 s\"; \
                  the segment is dropped and its text is not read: `This is Low Tide.`",
        words: "Hi, I'm Ana. Let's get into it.",
    },
    Lenient {
        name: "negative_time",
        line: 3,
        kind: ErrorKind::Timing,
        message: "segment 1: \"start\" (-1.2) must not be negative; \
                  the segment is dropped and its text is not read: `Testing, one two.`",
        words: "Okay, we're recording.",
    },
    Lenient {
        name: "beyond_1000_hours",
        line: 6,
        kind: ErrorKind::Timing,
        message:
            "segment 3: \"startTime\" (3725250) is beyond 1000 hours; times must be in seconds, not milliseconds; \
                  the segment is dropped and its text is not read: `Those times are in milliseconds.`",
        words: "Welcome back. Quick correction first.",
    },
    Lenient {
        name: "text_not_a_string",
        line: 5,
        kind: ErrorKind::Field,
        message: r#"segment 2: "body" must be a string, found an array; the segment is dropped"#,
        words: "Two lines follow. Done.",
    },
    Lenient {
        name: "segment_not_an_object",
        line: 5,
        kind: ErrorKind::Field,
        message: "segment 2: expected an object with \"startTime\", \"endTime\" and \"body\" (Podcasting 2.0 JSON), \
                  found null; the segment is dropped",
        words: "Before the gap. After the gap.",
    },
    Lenient {
        name: "bad_timestamps",
        line: 9,
        kind: ErrorKind::Timing,
        message: "segment 2: \"timestamps\" \"to\" must be a time like \"00:00:03,000\" within 1000 hours, \
                  found \"00:00:0a,000\"; the segment is dropped and its text is not read: \
                  `This item was edited by hand.`",
        words: "Good evening. Good night.",
    },
];

#[test]
fn unusable_segments_are_dropped_with_a_warning_at_their_line() {
    for case in &LENIENT {
        let parsed = parse_fixture(case.name).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let [warning] = parsed.warnings.as_slice() else { panic!("{}: {:?}", case.name, parsed.warnings) };
        assert_eq!((warning.line, warning.kind), (case.line, case.kind), "{}: {warning}", case.name);
        assert_eq!(warning.message, case.message, "{}", case.name);

        let loaded = verbatim::parse::load(&fixture(&format!("json/{}.json", case.name))).unwrap();
        let words: Vec<&str> = loaded.transcript.segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(words.join(" "), case.words, "{}", case.name);
        let [warning] = loaded.warnings.as_slice() else { panic!("{}: {:?}", case.name, loaded.warnings) };
        let file = fixture(&format!("json/{}.json", case.name)).display().to_string();
        assert_eq!(warning.to_string(), format!("{file}:{}: {}", case.line, case.message));
    }
}

#[test]
fn end_before_start_is_kept_ending_where_it_starts() {
    let t = verbatim::parse::load(&fixture("json/end_before_start.json")).unwrap().transcript;
    let last = t.segments.last().unwrap();
    assert_eq!((last.text.as_str(), last.start, last.end), ("So let's start.", 12_500, 12_500));
}

// --- the binary: lenient by default, --strict refuses ------------------------------

fn dump_json(index: &Path) -> Value {
    let out = succeeds(&["dump", path_arg(index), "--json"]);
    serde_json::from_slice(&out.stdout).expect("dump --json prints JSON")
}

#[test]
fn the_cli_warns_about_dropped_segments_and_strict_refuses_them() {
    let dir = tempfile::tempdir().unwrap();
    for case in &LENIENT {
        let input = fixture(&format!("json/{}.json", case.name));
        let out = dir.path().join(format!("{}.idx", case.name));
        let ok = succeeds(&["index", path_arg(&input), "-o", path_arg(&out)]);
        let at = format!("{}:{}: ", input.display(), case.line);
        assert!(stderr(&ok).contains(&format!("warning: {at}{}", case.message)), "{}: {}", case.name, stderr(&ok));
        let dumped = dump_json(&out);
        let texts: Vec<&str> =
            dumped["segments"].as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect();
        assert_eq!(texts.join(" "), case.words, "{}", case.name);

        std::fs::remove_file(&out).unwrap();
        let message = fails(&["index", "--strict", path_arg(&input), "-o", path_arg(&out)]);
        assert!(message.contains(&format!("error: {at}{}", case.message)), "{}: {message}", case.name);
        assert!(!out.exists(), "{}: --strict wrote the index", case.name);
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "files were left behind");
}

#[test]
fn dump_shows_the_word_times_of_each_source() {
    let dir = tempfile::tempdir().unwrap();
    for (name, first) in
        [("whisper_words", ("So", 0.0)), ("whisperx", ("Welcome", 0.031)), ("whisper_cpp_full", ("Good", 0.0))]
    {
        let out = dir.path().join(format!("{name}.idx"));
        succeeds(&["index", path_arg(&fixture(&format!("json/{name}.json"))), "-o", path_arg(&out)]);
        let dumped = dump_json(&out);
        let segments = dumped["segments"].as_array().unwrap();
        let words = segments[0]["words"].as_array().unwrap_or_else(|| panic!("{name}: no words in {}", segments[0]));
        assert_eq!((words[0]["text"].as_str().unwrap(), words[0]["start"].as_f64().unwrap()), first, "{name}");
        // Every timed word of the source is there, pointing at its segment's words.
        let timed: usize = segments.iter().map(|s| s["words"].as_array().map_or(0, Vec::len)).sum();
        let expected = parse_fixture(name).unwrap().cues.iter().map(|c| c.words.len()).sum::<usize>();
        assert_eq!(timed, expected, "{name}");
        for segment in segments {
            let text = segment["text"].as_str().unwrap();
            for word in segment["words"].as_array().into_iter().flatten() {
                assert!(text.split(' ').any(|w| w == word["text"]), "{name}: {word} is not a word of {text:?}");
            }
        }
    }
    // Sources without word times give none.
    let out = dir.path().join("whisper.idx");
    succeeds(&["index", path_arg(&fixture("json/whisper.json")), "-o", path_arg(&out)]);
    assert!(dump_json(&out)["segments"].as_array().unwrap().iter().all(|s| s.get("words").is_none()));
}

// --- large generated files -------------------------------------------------------

#[test]
fn a_whisper_file_with_fifty_thousand_segments() {
    let mut text = String::from("{\"text\": \"\", \"segments\": [\n");
    for i in 0..50_000u32 {
        let start = f64::from(i) * 2.0;
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&format!(
            r#"{{"id": {i}, "seek": {}, "start": {start:.2}, "end": {:.2}, "text": " Segment number {i} is here.", "tokens": [50364, 1], "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.3, "no_speech_prob": 0.01}}"#,
            i * 200,
            start + 1.5
        ));
    }
    text.push_str("\n], \"language\": \"en\"}\n");
    let parsed = json::parse(&text).unwrap();
    assert!(parsed.warnings.is_empty());
    assert_eq!(parsed.cues.len(), 50_000);
    assert_eq!(parsed.cues[49_999].line, 50_001);
    assert_eq!(parsed.cues.iter().map(|c| c.text.split(' ').count()).sum::<usize>(), 250_000);
    let t = verbatim::parse::parse_str(&text).unwrap();
    assert_eq!(t.segments.iter().map(|s| s.text.split(' ').count()).sum::<usize>(), 250_000);
}

#[test]
fn a_whisperx_file_with_two_hundred_thousand_words() {
    const SEGMENTS: u32 = 20_000;
    const WORDS: u32 = 10;
    let mut text = String::from("{\"segments\": [\n");
    let mut word_segments = String::new();
    for s in 0..SEGMENTS {
        let speaker = format!("SPEAKER_{:02}", s % 3);
        let words: Vec<String> = (0..WORDS).map(|w| format!("w{s}x{w}")).collect();
        let start = f64::from(s * WORDS) * 0.3;
        let items: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(w, word)| {
                let at = start + w as f64 * 0.3;
                // Every tenth word untimed (a number, say), and a speaker change mid-segment every seventh segment.
                if w == 4 {
                    format!(r#"{{"word": "{word}"}}"#)
                } else {
                    let who = if s % 7 == 0 && w >= 6 { "SPEAKER_09".to_string() } else { speaker.clone() };
                    format!(
                        r#"{{"word": "{word}", "start": {at:.3}, "end": {:.3}, "score": 0.9, "speaker": "{who}"}}"#,
                        at + 0.25
                    )
                }
            })
            .collect();
        if s > 0 {
            text.push_str(",\n");
            word_segments.push(',');
        }
        text.push_str(&format!(
            r#"{{"start": {start:.3}, "end": {:.3}, "text": " {}", "words": [{}], "speaker": "{speaker}"}}"#,
            start + f64::from(WORDS) * 0.3,
            words.join(" "),
            items.join(", ")
        ));
        word_segments.push_str(&items.join(","));
    }
    text.push_str(&format!("\n], \"word_segments\": [{word_segments}]}}\n"));
    let parsed = json::parse(&text).unwrap();
    assert!(parsed.warnings.is_empty());
    let splits = (0..SEGMENTS).filter(|s| s % 7 == 0).count();
    assert_eq!(parsed.cues.len(), SEGMENTS as usize + splits);
    let words: usize = parsed.cues.iter().map(|c| c.text.split(' ').count()).sum();
    assert_eq!(words, 200_000);
    let timed: usize = parsed.cues.iter().map(|c| c.words.len()).sum();
    assert_eq!(timed, 180_000);
    let t = verbatim::parse::parse_str(&text).unwrap();
    assert_eq!(t.segments.iter().map(|s| s.text.split(' ').count()).sum::<usize>(), 200_000);
}
