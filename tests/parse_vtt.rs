//! WebVTT fixtures: golden cue lists, word times, located errors, and a
//! check that every payload word reaches a cue.

use verbatim::parse::{parse_cues, vtt, Cue, ErrorKind, Parsed};

use crate::common::*;

/// The fixtures that parse, each with a golden `<name>.expected`.
const GOOD: [&str; 7] = ["basic", "voices", "markup", "crlf_bom", "cr_only", "notes_styles_regions", "karaoke"];

fn parse_fixture(name: &str) -> Parsed {
    let rel = format!("vtt/{name}.vtt");
    vtt::parse(&read_fixture(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn golden(name: &str) {
    assert_golden(&parse_fixture(name), &format!("vtt/{name}.expected"));
}

#[test]
fn basic_matches_golden() {
    golden("basic");
}

#[test]
fn voices_match_golden() {
    golden("voices");
}

#[test]
fn markup_matches_golden() {
    golden("markup");
}

#[test]
fn crlf_and_bom_match_golden() {
    golden("crlf_bom");
}

#[test]
fn cr_only_matches_golden() {
    golden("cr_only");
}

#[test]
fn notes_styles_and_regions_match_golden() {
    golden("notes_styles_regions");
}

#[test]
fn karaoke_matches_golden() {
    golden("karaoke");
}

/// `word@ms` for each word time of a cue.
fn word_times(cue: &Cue) -> String {
    cue.words
        .iter()
        .map(|w| {
            let word = cue.text[w.offset as usize..].split(' ').next().unwrap_or("");
            format!("{word}@{}", w.start)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn karaoke_inline_timestamps_give_word_times() {
    let cues = parse_fixture("karaoke").cues;
    let got: Vec<String> = cues.iter().map(word_times).collect();
    assert_eq!(
        got,
        [
            // The cue start times the first word.
            "Never@1000 drink@1600 liquid@2100 nitrogen.@3000",
            // A timestamp right before the first word replaces the cue start.
            "It@5400 perforate@6000 your@7250",
            // The timestamp after the last word times nothing.
            "You@9000 could@9500 die.@10000",
            // Timestamps inside a word (syllables) do not time words.
            "Karaoke@12000",
        ]
    );
}

#[test]
fn fixtures_without_timestamps_have_no_word_times() {
    for name in GOOD.iter().filter(|n| **n != "karaoke") {
        assert!(parse_fixture(name).cues.iter().all(|c| c.words.is_empty()), "{name}");
    }
}

#[test]
fn header_title_comes_from_the_signature_line() {
    assert_eq!(parse_fixture("notes_styles_regions").header.title, "Episode 42: The Ice Age");
    assert_eq!(parse_fixture("basic").header.title, "");
}

#[test]
fn cues_know_the_line_they_start_on() {
    let lines: Vec<usize> = parse_fixture("notes_styles_regions").cues.iter().map(|c| c.line).collect();
    // Identifier lines (`intro`, `2`, `chapter-2 …`), or the timing line.
    assert_eq!(lines, [20, 27, 31, 35]);
    let lines: Vec<usize> = parse_fixture("crlf_bom").cues.iter().map(|c| c.line).collect();
    assert_eq!(lines, [3, 6, 13]);
}

#[test]
fn voices_in_one_cue_share_its_times_and_line() {
    let cues = parse_fixture("voices").cues;
    let split: Vec<_> = cues.iter().filter(|c| c.start == Some(11_000)).map(|c| (c.line, c.end)).collect();
    assert_eq!(split, [(13, Some(13_000)), (13, Some(13_000))]);
}

#[test]
fn detection_routes_every_fixture_here() {
    for name in GOOD {
        let text = read_fixture(&format!("vtt/{name}.vtt"));
        assert_eq!(parse_cues(&text).unwrap(), parse_fixture(name), "{name}");
    }
}

/// Reads a fixture a browser only partly reads: the one warning it gives.
fn warning_of(name: &str) -> (usize, ErrorKind, String) {
    let rel = format!("vtt/{name}.vtt");
    let parsed = vtt::parse(&read_fixture(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(parsed.warnings.len(), 1, "{rel}: {:?}", parsed.warnings);
    let w = &parsed.warnings[0];
    (w.line, w.kind, w.message.clone())
}

#[test]
fn comma_timing_drops_its_cue_with_a_warning_at_its_line() {
    assert_eq!(
        warning_of("bad_timing"),
        (
            6,
            ErrorKind::Timing,
            "cue dropped, as a browser drops it: expected a cue timing like `00:01.000 --> 00:04.000`, \
             found `00:00:02,000 --> 00:00:03,000` (WebVTT puts a `.` before the milliseconds, not a `,`); \
             its text is not read: `This timing uses commas.`"
                .to_string()
        )
    );
}

#[test]
fn cue_ending_before_it_starts_is_kept_with_a_warning_at_its_line() {
    assert_eq!(
        warning_of("end_before_start"),
        (
            6,
            ErrorKind::TimeOrder,
            "the cue ends at 00:00:04.000 before it starts at 00:00:05.000; read as ending where it starts".to_string()
        )
    );
}

#[test]
fn arrow_in_cue_text_ends_the_cue_with_a_warning_at_its_line() {
    let (line, kind, message) = warning_of("arrow_in_text");
    assert_eq!((line, kind), (4, ErrorKind::Timing));
    assert!(
        message.starts_with(
            "cue dropped, as a browser drops it: expected a cue timing like `00:01.000 --> 00:04.000`, \
             found `Turn left --> then right.` \
             (a line containing `-->` must be a cue timing; in cue text write the arrow as `--&gt;`)"
        ),
        "{message}"
    );
}

#[test]
fn missing_signature_is_an_error_at_line_1() {
    let rel = "vtt/no_signature.vtt";
    let e = vtt::parse(&read_fixture(rel)).expect_err(rel);
    assert_eq!((e.line, e.kind), (1, ErrorKind::WrongFormat));
    assert_eq!(
        e.message,
        "expected the WebVTT signature `WEBVTT` on the first line, found `Kind: captions`; is this really a WebVTT file?"
    );
}

/// The payload words of a fixture, read without the parser: the lines after
/// each timing line up to an empty line, `<…>` removed, then the references
/// the fixtures use decoded.
fn payload_words(source: &str) -> Vec<String> {
    let source = source.trim_start_matches('\u{feff}').replace("\r\n", "\n").replace('\r', "\n");
    let mut words = Vec::new();
    let mut in_payload = false;
    for line in source.split('\n') {
        if line.contains("-->") {
            in_payload = true;
        } else if line.is_empty() {
            in_payload = false;
        } else if in_payload {
            let mut text = String::new();
            let mut in_tag = false;
            for c in line.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' if in_tag => in_tag = false,
                    _ if !in_tag => text.push(c),
                    _ => {}
                }
            }
            for (reference, c) in [
                ("&lt;", "<"),
                ("&gt;", ">"),
                ("&quot;", "\""),
                ("&apos;", "'"),
                ("&#39;", "'"),
                ("&#x27;", "'"),
                ("&eacute;", "é"),
                ("&nbsp;", " "),
                ("&mdash;", "—"),
                ("&#8220;", "“"),
                ("&#8221;", "”"),
                ("&lrm;", "\u{200e}"),
                ("&rlm;", "\u{200f}"),
                ("&amp;", "&"),
            ] {
                text = text.replace(reference, c);
            }
            words.extend(text.split_whitespace().map(str::to_string));
        }
    }
    words
}

#[test]
fn every_payload_word_reaches_a_cue_in_order() {
    for name in GOOD {
        let source = read_fixture(&format!("vtt/{name}.vtt"));
        let got: Vec<String> =
            parse_fixture(name).cues.iter().flat_map(|c| c.text.split_whitespace().map(str::to_string)).collect();
        assert_eq!(got, payload_words(&source), "{name}");
    }
}

#[test]
fn no_cue_text_keeps_markup_or_arrows() {
    for name in GOOD {
        let source = read_fixture(&format!("vtt/{name}.vtt"));
        for cue in parse_fixture(name).cues {
            assert!(!cue.text.contains("-->"), "{name}: {}", cue.text);
            assert_eq!(cue.text, cue.text.trim(), "{name}");
            assert!(!cue.text.contains("  "), "{name}: {}", cue.text);
            // A `<` may only come from an escaped `&lt;` in the source.
            let tag_like = cue.text.match_indices('<').any(|(i, _)| {
                cue.text[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c.is_ascii_digit())
            });
            assert!(!tag_like || source.contains("&lt;"), "{name}: {}", cue.text);
        }
    }
}

#[test]
fn auto_captions_give_every_spoken_word_once_with_its_time() {
    // Video hosts' rolling captions: each cue repeats the line before and
    // adds one with inline word timestamps; 10 ms cues hold only a repeat.
    golden("auto_captions");
    let parsed = parse_fixture("auto_captions");
    let words: Vec<&str> = parsed.cues.iter().flat_map(|c| c.text.split(' ')).collect();
    assert_eq!(
        words.join(" "),
        "welcome back everybody today we're talking about deep seek and what it means for open source [Music] \
         so let's get into it"
    );
    // Every word of a timestamped line has its own time, the first its cue's start.
    let talking = parsed.cues.iter().find(|c| c.text.starts_with("talking")).expect("the second line");
    let times: Vec<u32> = talking.words.iter().map(|w| w.start).collect();
    assert_eq!(times, [3000, 3360, 3600, 3840, 4320]);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}
