//! Plain-text fixtures against golden cue lists: labelled, timestamped
//! (three layouts), service exports, prose and page scrapes, the demo
//! episode's header; editors' and recorders' exports (Otter, Descript, Rev,
//! Riverside-like, generic labels, CRLF) keeping every paragraph word and
//! no header word; generated inputs read in linear time.

use verbatim::parse::{text, Format, Parsed};

use crate::common::*;

fn parse_fixture(name: &str) -> Parsed {
    let source = read_fixture(&format!("text/{name}.txt"));
    assert_eq!(Format::detect(&source), Format::Text, "{name} is not detected as text");
    text::parse(&source).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn golden(name: &str) {
    assert_golden(&parse_fixture(name), &format!("text/{name}.expected"));
}

/// The fixture's words in order, minus labels and timestamps.
fn words_without(source: &str, removed: &[&str]) -> Vec<String> {
    source.split_whitespace().filter(|w| !removed.contains(w)).map(str::to_string).collect()
}

fn cue_words(parsed: &Parsed) -> Vec<String> {
    parsed.cues.iter().flat_map(|c| c.text.split(' ').map(str::to_string)).collect()
}

#[test]
fn labelled_lines() {
    golden("labelled");
}

#[test]
fn labelled_lines_lose_no_words() {
    let source = read_fixture("text/labelled.txt");
    let labels = ["Alex Kantrowitz: ", "GRACE SHAO: ", "Grace Shao: ", "Dr. Li: "];
    let unlabelled: Vec<&str> =
        source.lines().map(|l| labels.iter().find_map(|label| l.strip_prefix(label)).unwrap_or(l)).collect();
    assert_eq!(cue_words(&parse_fixture("labelled")), words_without(&unlabelled.join("\n"), &[]));
}

#[test]
fn bracketed_timestamps() {
    golden("bracket_times");
}

#[test]
fn name_then_paren_timestamp() {
    golden("paren_times");
}

#[test]
fn service_export_both_layouts() {
    golden("service_export");
    let removed = ["Alex", "Kantrowitz", "Grace", "Shao", "Speaker", "3", "0:00", "0:06", "0:11", "0:15", "0:21"];
    let source = read_fixture("text/service_export.txt");
    assert_eq!(cue_words(&parse_fixture("service_export")), words_without(&source, &removed));
}

#[test]
fn prose_with_colons_and_urls() {
    golden("prose");
    let source = read_fixture("text/prose.txt");
    assert_eq!(cue_words(&parse_fixture("prose")), words_without(&source, &[]));
}

#[test]
fn page_scrape() {
    golden("page_scrape");
    let h = parse_fixture("page_scrape").header;
    assert_eq!(h.show, "Big Technology Podcast");
    assert_eq!(h.title, "Is Apple Losing The AI Race? — With Mark Gurman");
    assert_eq!(h.date, "2025-03-07");
    assert_eq!(
        h.description,
        "Mark Gurman is the chief correspondent at Bloomberg. He joins to discuss Siri's delays. Questions? Write to: podcast@example.com"
    );
}

#[test]
fn cue_lines_point_into_the_file() {
    let lines = |name| parse_fixture(name).cues.iter().map(|c| c.line).collect::<Vec<_>>();
    assert_eq!(lines("page_scrape"), [5]);
    assert_eq!(lines("service_export"), [1, 4, 8, 11, 15, 20]);
    assert_eq!(lines("prose"), [1, 4, 8]);
}

#[test]
fn demo_episode_header_and_body() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/episodes/china-ai-strategy/transcript.txt");
    let source = std::fs::read_to_string(path).unwrap();
    let parsed = text::parse(&source).unwrap();
    let h = &parsed.header;
    assert_eq!(h.show, "Big Technology Podcast");
    assert_eq!(h.title, "Why China's AI Strategy Just Might Work — With Grace Shao");
    assert_eq!(h.date, "2025-04-16");
    assert!(h.description.starts_with("Grace Shao is a Hong Kong-based writer and analyst"), "{}", h.description);
    assert!(h.description.ends_with("bigtechnologypodcast@gmail.com"), "{}", h.description);

    assert_eq!(parsed.cues.len(), 1);
    let cue = &parsed.cues[0];
    assert_eq!((cue.start, cue.end, cue.speaker.as_deref(), cue.line), (None, None, None, 5));
    assert!(cue.text.starts_with("Was Deepseek an outlier"), "{}", &cue.text[..80]);
    let body_words = source.lines().skip(4).flat_map(str::split_whitespace).count();
    assert_eq!(cue.text.split(' ').count(), body_words);
    assert!(cue.text.ends_with("see you next time on Big Technology Podcast."));
}

// --- editors' and recorders' exports --------------------------------------

/// The speakers named in the export fixtures.
const EXPORT_NAMES: [&str; 9] = [
    "Priya Raman",
    "Tom Okafor",
    "Lena Vogel",
    "Speaker 1",
    "Speaker 2",
    "Speaker A",
    "SPEAKER_00",
    "SPEAKER_01",
    "Dr. Lena Vogel",
];

/// A clock as exports write it (`00:01:23`, `1:23`, `[00:01:23]`,
/// `(01:23):`), read here without the parser.
fn strip_clock(text: &str) -> Option<&str> {
    let (inner, rest) = match text.chars().next()? {
        '[' => text[1..].split_once(']')?,
        '(' => text[1..].split_once(')')?,
        _ => text.split_at(text.find(char::is_whitespace).unwrap_or(text.len())),
    };
    let inner = inner.strip_suffix(':').unwrap_or(inner);
    let is_clock = inner.contains(':') && inner.bytes().all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b','));
    is_clock.then(|| rest.strip_prefix(':').unwrap_or(rest))
}

/// The words of an export's paragraphs: each line less the speaker names
/// and clocks it opens with (a header line is nothing else).
fn paragraph_words(source: &str) -> Vec<String> {
    let mut words = Vec::new();
    for line in source.lines() {
        let mut rest = line.trim();
        loop {
            let before = rest;
            if let Some(after) = strip_clock(rest) {
                rest = after;
            }
            for name in EXPORT_NAMES {
                if let Some(after) = rest.strip_prefix(name) {
                    if after.is_empty() || after.starts_with([' ', '\t', ':', '(', '[']) {
                        rest = after;
                    }
                }
            }
            rest = rest.strip_prefix(':').unwrap_or(rest).trim_start();
            if rest == before {
                break;
            }
        }
        words.extend(rest.split_whitespace().map(str::to_string));
    }
    words
}

/// An export: its golden cues, every paragraph word in the cues in order,
/// a speaker and a time on every cue that opens a turn, and no cue text
/// holding a header's name or clock.
fn export(name: &str) {
    golden(name);
    let parsed = parse_fixture(name);
    assert_eq!(cue_words(&parsed), paragraph_words(&read_fixture(&format!("text/{name}.txt"))), "{name}");
    assert!(parsed.cues.iter().all(|c| c.speaker.is_some()), "{name}: a cue without a speaker");
    for cue in &parsed.cues {
        assert!(strip_clock(&cue.text).is_none(), "{name}: {}", cue.text);
        assert!(!EXPORT_NAMES.iter().any(|n| cue.text.starts_with(n)), "{name}: {}", cue.text);
    }
}

#[test]
fn otter_name_two_spaces_clock() {
    export("otter");
}

#[test]
fn descript_and_rev_name_paren_clock() {
    export("descript");
}

#[test]
fn bracketed_clock_then_label_same_or_next_line() {
    export("bracket_label");
}

#[test]
fn clock_then_name_then_paragraph() {
    export("clock_name");
}

#[test]
fn name_line_then_clock_line_with_or_without_blank_lines() {
    export("name_over_clock");
}

#[test]
fn generic_labels_with_crlf() {
    export("generic_crlf");
    let speakers: Vec<String> = parse_fixture("generic_crlf").cues.into_iter().filter_map(|c| c.speaker).collect();
    assert_eq!(speakers, ["Speaker 1", "Speaker 2", "SPEAKER_00", "SPEAKER_01", "Speaker A"]);
}

#[test]
fn mixed_layouts_with_crlf() {
    export("mixed_crlf");
}

#[test]
fn crlf_reads_as_lf() {
    for name in ["generic_crlf", "mixed_crlf"] {
        let source = read_fixture(&format!("text/{name}.txt"));
        assert!(source.contains("\r\n"), "{name} lost its CRLF line ends");
        assert_eq!(text::parse(&source.replace("\r\n", "\n")).unwrap(), parse_fixture(name), "{name}");
    }
}

// --- linear time: generated inputs a quadratic reader would not finish ----

const LINES: usize = 200_000;

fn word_count(parsed: &Parsed) -> usize {
    parsed.cues.iter().map(|c| c.text.split_whitespace().count()).sum()
}

#[test]
fn two_hundred_thousand_labelled_lines_keep_every_word() {
    let source: String =
        (0..LINES).map(|i| format!("{}: word{i} two three\n", ["Ann Lee", "SPEAKER_01"][i % 2])).collect();
    let parsed = text::parse(&source).unwrap();
    assert_eq!(parsed.cues.len(), LINES);
    assert_eq!(word_count(&parsed), 3 * LINES);
    assert!(parsed.cues.iter().all(|c| c.speaker.is_some() && c.start.is_none()));
}

#[test]
fn two_hundred_thousand_lines_of_prose_keep_every_word() {
    // Colons, clocks, brackets and capitals that must not make heads.
    let line = |i: usize| match i % 4 {
        0 => format!("Here's the thing: line {i} at 10:30 goes on\n"),
        1 => format!("and (maybe [not] quite) {i} more words\n"),
        2 => format!("The Bottom Line: {i}\n"),
        _ => format!("plain words {i}\n"),
    };
    let source: String = (0..LINES).map(line).collect();
    let parsed = text::parse(&source).unwrap();
    assert_eq!(parsed.cues.len(), 1);
    assert_eq!(word_count(&parsed), source.split_whitespace().count());
}

#[test]
fn two_hundred_thousand_timestamped_lines_keep_every_word() {
    let source: String = (0..LINES).map(|i| format!("[{}:{:02}] Ann: word{i} two\n", i / 60 % 60, i % 60)).collect();
    let parsed = text::parse(&source).unwrap();
    assert_eq!((parsed.cues.len(), word_count(&parsed)), (LINES, 2 * LINES));
}

#[test]
fn a_megabyte_line_keeps_every_word() {
    for piece in ["A", "(", "[0:0", "(0:00 ", "0:00 ", "Ann  ", "Ann Lee: "] {
        let line = piece.repeat((1 << 20) / piece.len());
        let source = format!("Intro.\n{line}\nThe end.");
        let parsed = text::parse(&source).unwrap();
        assert_eq!(word_count(&parsed), source.split_whitespace().count(), "{piece:?}");
    }
}
