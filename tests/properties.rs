//! Invariants over arbitrary input: every indexed word is found and
//! highlighted; no input makes a parser, the query parser or the search
//! panic; parsing loses and invents no words (the demo episode and every
//! fixture).

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use verbatim::index::{Index, IndexBuilder};
use verbatim::parse::{parse_cues, parse_str};
use verbatim::search::{Query, Searcher};
use verbatim::tokenize::tokenize;
use verbatim::transcript::{Segment, Speaker, Transcript};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn searcher(t: &Transcript) -> Searcher {
    Searcher::new(Index::from_bytes(&IndexBuilder::new(t).build()).expect("a fresh index loads"))
}

/// A transcript of the given texts, alternating two speakers, a second apart.
fn transcript(texts: &[String]) -> Transcript {
    Transcript {
        speakers: vec![
            Speaker { id: "ann".into(), name: "Ann".into(), role: String::new() },
            Speaker { id: "bo".into(), name: "Bo".into(), role: String::new() },
        ],
        segments: texts
            .iter()
            .enumerate()
            .map(|(i, text)| Segment {
                start: i as u32 * 1000,
                end: i as u32 * 1000 + 900,
                speaker: Some(i as u16 % 2),
                text: text.clone(),
                words: Vec::new(),
            })
            .collect(),
        ..Transcript::default()
    }
}

/// One piece of transcript text: what podcasts say and how they spell it.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,10}",
        2 => "[A-Z][a-z]{0,8}",
        1 => "[a-z]{1,6}-[a-z]{1,6}",
        1 => "[A-Za-z]{1,6}['’][a-z]{1,2}",
        1 => prop::sample::select(vec![
            "café", "Ångström", "naïve", "Straße", "Zürich", "São", "Ελλάδα", "Москва", "ﬁne", "Ｆｕｌｌ",
            "cafe\u{301}", "İstanbul", "Dvořák", "Łódź", "DeepSeek", "Deep", "Seek", "open-source",
        ])
        .prop_map(str::to_string),
        1 => "[\u{4e00}-\u{4e40}]{1,5}",
        1 => "[\u{3041}-\u{3093}\u{30a1}-\u{30f3}]{1,4}",
        1 => "[\u{ac00}-\u{ac40}]{1,3}",
        1 => "[0-9]{1,4}(\\.[0-9]{1,2})?",
        1 => "[0-9]{1,3},[0-9]{3}",
        1 => prop::sample::select(vec![",", ".", "!", "?", ";", ":", "—", "…", "(", ")", "\"", "“", "”", "'", "-", "...", "%"])
            .prop_map(str::to_string),
    ]
}

/// Segment text: pieces joined by spaces, sometimes by nothing (so
/// punctuation and scripts touch).
fn segment_text() -> impl Strategy<Value = String> {
    prop::collection::vec((piece(), prop::bool::weighted(0.8)), 1..14).prop_map(|pieces| {
        let mut text = String::new();
        for (piece, spaced) in pieces {
            if spaced && !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&piece);
        }
        text
    })
}

fn covers(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    spans.iter().any(|&(a, b)| a <= start && end <= b)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Every token of every segment, searched as a phrase of its own source
    /// text and as a plain word, finds its segment and highlights itself.
    #[test]
    fn every_indexed_word_is_found(texts in prop::collection::vec(segment_text(), 1..8)) {
        let t = transcript(&texts);
        let s = searcher(&t);
        for (id, segment) in t.segments.iter().enumerate() {
            for token in tokenize(&segment.text) {
                let word = &segment.text[token.start..token.end];
                for query in [format!("\"{word}\""), word.to_string()] {
                    let result = s.search(&Query::parse(&query), &[]);
                    let matcher = &result.matcher;
                    prop_assert!(
                        result.hits.contains(&(id as u32)),
                        "query {:?} (term {:?}) misses segment {} {:?}; hits {:?}",
                        query, token.term, id, segment.text, result.hits
                    );
                    let spans = matcher.spans(&segment.text);
                    prop_assert!(
                        covers(&spans, token.start, token.end),
                        "query {:?}: spans {:?} do not cover {}..{} in {:?}",
                        query, spans, token.start, token.end, segment.text
                    );
                }
            }
        }
    }

    /// Hits are sorted, unique, real segments; spans are sorted,
    /// non-overlapping char ranges; a speaker filter keeps a subset.
    #[test]
    fn search_results_are_well_formed(texts in prop::collection::vec(segment_text(), 1..8), query in prop::collection::vec(piece(), 0..4)) {
        let t = transcript(&texts);
        let s = searcher(&t);
        let query = Query::parse(&query.join(" "));
        let result = s.search(&query, &[]);
        let matcher = &result.matcher;
        prop_assert!(result.hits.windows(2).all(|w| w[0] < w[1]));
        prop_assert!(result.hits.iter().all(|&id| (id as usize) < t.segments.len()));
        for &id in &result.hits {
            let text = &t.segments[id as usize].text;
            let spans = matcher.spans(text);
            prop_assert!(spans.windows(2).all(|w| w[0].1 < w[1].0), "{:?}", spans);
            for (a, b) in spans {
                prop_assert!(a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b));
            }
        }
        let ann = s.search(&query, &["ann".to_string()]);
        let expected: Vec<u32> = result.hits.iter().copied().filter(|&id| t.segments[id as usize].speaker == Some(0)).collect();
        prop_assert_eq!(ann.hits, expected);
    }
}

/// Pieces of every supported format, so that random strings reach deep
/// into the parsers rather than failing on the first line.
fn format_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "WEBVTT",
            "WEBVTT - title",
            "\n",
            "\n\n",
            "\r\n",
            " --> ",
            "00:00:01.000",
            "00:01.500",
            "1:02:03,004",
            "99:99:99.999",
            "00:00:0x.000",
            "<v Ann>",
            "<v.loud Bo>",
            "</v>",
            "<c>",
            "<b>",
            "&amp;",
            "&lt;",
            "&#x41;",
            "&#99999999;",
            "NOTE ",
            "STYLE",
            "REGION",
            "position:10%",
            "1",
            "2",
            "{",
            "}",
            "[",
            "]",
            "\"version\": \"1.0.0\"",
            "\"segments\": ",
            "\"body\": ",
            "\"speaker\": ",
            "\"startTime\": ",
            "\"endTime\": ",
            "1e308",
            "-1",
            "NaN",
            ",",
            ":",
            "Ann: ",
            "GRACE SHAO: ",
            "[00:01:02] ",
            "(0:12) ",
            "Speaker 2  0:00",
            "Transcript",
            "Discussion (0)",
            "Episode Date: April 16, 2025",
            "Show - Title",
            "\u{feff}",
            "é",
            "人工智能",
            "  ",
            "\t",
            "-->",
            "0",
            "00:00:00,000 --> 00:00:01,000",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,12}",
        any::<String>(),
    ]
}

fn looks_like_a_transcript() -> impl Strategy<Value = String> {
    prop::collection::vec(format_fragment(), 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_string_makes_a_parser_panic(text in any::<String>()) {
        let _ = parse_str(&text);
    }

    #[test]
    fn no_bytes_make_a_parser_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse_str(&String::from_utf8_lossy(&bytes));
    }

    /// Format-shaped noise: each detected format's parser, then assembly
    /// and indexing, must answer without panicking; what parses indexes.
    #[test]
    fn no_transcript_shaped_text_makes_a_parser_panic(text in looks_like_a_transcript()) {
        for variant in [text.clone(), format!("WEBVTT\n\n{text}"), format!("1\n00:00:00,000 --> 00:00:01,000\n{text}"), format!("{{{text}")] {
            if let Ok(t) = parse_str(&variant) {
                prop_assert!(t.segments.windows(2).all(|w| w[0].start <= w[1].start));
                prop_assert!(t.segments.iter().all(|s| s.start <= s.end));
                let bytes = IndexBuilder::new(&t).build();
                prop_assert!(Index::from_bytes(&bytes).is_ok());
            }
        }
    }

    #[test]
    fn no_query_makes_the_search_panic(query in prop_oneof![any::<String>(), looks_like_a_transcript(), "[\"a-z *?~-]{0,40}"]) {
        let s = small_searcher();
        let result = s.search(&Query::parse(&query), &["bo".to_string(), query.clone()]);
        let matcher = &result.matcher;
        for &id in &result.hits {
            let _ = matcher.spans(&s.index().transcript.segments[id as usize].text);
        }
    }
}

fn small_searcher() -> &'static Searcher {
    // `Searcher` holds a `RefCell` cache, so each thread gets its own.
    thread_local! {
        static SEARCHER: &'static Searcher = Box::leak(Box::new(searcher(&transcript(&[
            "Was Deepseek an outlier?".into(),
            "Deep Seek changed how the world viewed scaling laws.".into(),
            "Hangzhou is home to six dragons: 人工智能 and ロボット.".into(),
            "Open-source models win; 3.5 billion, 1,000 GPUs.".into(),
            "Café naïve Straße — don’t stop.".into(),
        ]))));
    }
    SEARCHER.with(|s| *s)
}

/// Whitespace-separated words of all segments, in order.
fn segment_words(t: &Transcript) -> Vec<String> {
    t.segments.iter().flat_map(|s| s.text.split(' ').map(str::to_string)).collect()
}

#[test]
fn the_demo_episode_keeps_every_word_in_order() {
    let dir = root().join("www/episodes/china-ai-strategy");
    let source = std::fs::read_to_string(dir.join("transcript.txt")).unwrap();
    // Lines 1-4 are the page scrape's header (title, date + description,
    // `Transcript`, `Discussion (0)`).
    let body: Vec<String> = source.lines().skip(4).flat_map(str::split_whitespace).map(str::to_string).collect();
    let t = verbatim::parse::load(&dir).unwrap_or_else(|e| panic!("{e}")).transcript;
    let words = segment_words(&t);
    if let Some(i) = (0..body.len().min(words.len())).find(|&i| body[i] != words[i]) {
        panic!(
            "word {i} differs: source {:?}, segments {:?}",
            &body[i..(i + 5).min(body.len())],
            &words[i..(i + 5).min(words.len())]
        );
    }
    assert_eq!(words.len(), body.len());
    assert!(t.segments.iter().all(|s| !s.text.is_empty() && !s.text.contains("  ") && s.text.trim() == s.text));
}

/// Transcript fixtures (golden `.expected` files and others are skipped).
fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (dir, ext) in [("vtt", "vtt"), ("srt", "srt"), ("json", "json"), ("text", "txt")] {
        let Ok(entries) = std::fs::read_dir(root().join("tests/fixtures").join(dir)) else { continue };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn name(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

/// Fixtures whose words come out of order through `parse_str`, because of
/// the two bugs tested below: `loose.srt` is detected as plain text (its
/// first line is a timing line, not a cue number), and the text parser's
/// mix of timed and untimed cues is then reordered by `assemble`.
const KNOWN_OUT_OF_ORDER: [&str; 1] = ["tests/fixtures/srt/loose.srt"];

#[test]
fn every_fixture_that_parses_keeps_its_cue_words_in_order() {
    let mut checked = 0;
    for path in fixtures().into_iter().filter(|p| !KNOWN_OUT_OF_ORDER.contains(&name(p).as_str())) {
        let Ok(source) = std::fs::read_to_string(&path) else { continue };
        let Ok(parsed) = parse_cues(&source) else { continue };
        let cue_words: Vec<String> =
            parsed.cues.iter().flat_map(|c| c.text.split_whitespace().map(str::to_string)).collect();
        let t = parse_str(&source)
            .unwrap_or_else(|e| panic!("{}: cues parse but the transcript does not: {e}", name(&path)));
        assert_eq!(
            segment_words(&t).into_iter().filter(|w| !w.is_empty()).collect::<Vec<_>>(),
            cue_words,
            "{}",
            name(&path)
        );
        checked += 1;
    }
    assert!(checked > 0, "no fixture parsed");
}

/// A paragraph break inside a timed turn starts an untimed cue; its
/// estimated start (after the previous paragraph, at 160 words a minute)
/// can fall after the next timestamp, and sorting segments by start then
/// moves the paragraph after the next speaker's turn.
#[test]

fn untimed_paragraphs_between_timestamps_keep_their_place() {
    let source = "[00:00:00] Ann: One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty.\n\nSecond paragraph here.\n[00:00:03] Bo: Hello.\n";
    let parsed = parse_cues(source).unwrap();
    let cue_words: Vec<String> =
        parsed.cues.iter().flat_map(|c| c.text.split_whitespace().map(str::to_string)).collect();
    let t = parse_str(source).unwrap();
    assert_eq!(segment_words(&t), cue_words);
    assert!(t.segments.windows(2).all(|w| w[0].start <= w[1].start));
}

/// `loose.srt`'s first cue has no number, which the SRT parser accepts but
/// format detection does not recognise, so through `parse_str` (and the
/// CLI) its timing lines become words.
#[test]

fn an_srt_without_cue_numbers_is_detected_as_srt() {
    let source = std::fs::read_to_string(root().join("tests/fixtures/srt/loose.srt")).unwrap();
    assert_eq!(verbatim::parse::Format::detect(&source), verbatim::parse::Format::Srt);
    let t = parse_str(&source).unwrap();
    assert!(t.segments.iter().all(|s| !s.text.contains("-->")), "timing lines in the text");
}
