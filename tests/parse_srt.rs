//! SRT fixtures: golden cue lists (speakers from labels), broken files read
//! leniently with located warnings (and refused with `--strict`), and a
//! check that every text word reaches a cue.

use std::process::Command;

use verbatim::parse::{collapse_whitespace, parse_cues, srt, ErrorKind, Parsed};

use crate::common::*;

/// The fixtures that parse, each with a golden `<name>.expected`.
const GOOD: [&str; 4] = ["basic", "speakers", "messy", "loose"];

fn parse_fixture(name: &str) -> Parsed {
    let rel = format!("srt/{name}.srt");
    srt::parse(&read_fixture(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn golden(name: &str) {
    assert_golden(&parse_fixture(name), &format!("srt/{name}.expected"));
}

#[test]
fn basic_matches_golden() {
    golden("basic");
}

#[test]
fn speakers_match_golden() {
    golden("speakers");
}

#[test]
fn messy_matches_golden() {
    golden("messy");
}

#[test]
fn loose_matches_golden() {
    golden("loose");
}

#[test]
fn cues_know_the_line_they_start_on() {
    let lines: Vec<usize> = parse_fixture("loose").cues.iter().map(|c| c.line).collect();
    // Cue numbers where present, else the timing line.
    assert_eq!(lines, [1, 4, 8, 12, 17, 23]);
    let lines: Vec<usize> = parse_fixture("messy").cues.iter().map(|c| c.line).collect();
    assert_eq!(lines, [1, 6, 13, 18, 28]);
}

#[test]
fn dialogue_in_one_cue_shares_its_times_and_line() {
    let cues = parse_fixture("speakers").cues;
    let split: Vec<_> = cues.iter().filter(|c| c.start == Some(9_000)).map(|c| (c.line, c.end)).collect();
    assert_eq!(split, [(15, Some(12_000)), (15, Some(12_000))]);
}

#[test]
fn srt_has_no_header_or_word_times() {
    for name in GOOD {
        let parsed = parse_fixture(name);
        assert_eq!(parsed.header, Default::default(), "{name}");
        assert!(parsed.cues.iter().all(|c| c.words.is_empty()), "{name}");
    }
}

#[test]
fn detection_routes_numbered_fixtures_here() {
    // `loose.srt` has no first cue number, so detection cannot call it SRT.
    for name in ["basic", "speakers", "messy"] {
        let text = read_fixture(&format!("srt/{name}.srt"));
        assert_eq!(parse_cues(&text).unwrap(), parse_fixture(name), "{name}");
    }
}

/// A broken fixture read leniently: its one warning as (line, kind,
/// message); its surviving cues must match its golden file.
fn lenient(name: &str) -> (usize, ErrorKind, String) {
    let parsed = parse_fixture(name);
    assert_golden(&parsed, &format!("srt/{name}.expected"));
    let [warning] = &parsed.warnings[..] else { panic!("{name}: expected one warning, got {:?}", parsed.warnings) };
    (warning.line, warning.kind, warning.message.clone())
}

/// Indexes a fixture through the CLI, leniently and with `--strict`: the
/// lenient run warns at `file:line` and writes the index; the strict one
/// fails with the same words as an error and writes nothing.
fn lenient_then_strict(name: &str, line: usize, message: &str) {
    let path = fixture(&format!("srt/{name}.srt"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.idx");
    let run = |strict: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_verbatim"));
        command.arg("index");
        if strict {
            command.arg("--strict");
        }
        command.arg(&path).arg("-o").arg(&out).output().unwrap()
    };
    let located = format!("{}:{line}: {message}", path.display());

    let ok = run(false);
    let stderr = String::from_utf8_lossy(&ok.stderr);
    assert!(ok.status.success(), "{name}: {stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert_eq!(warnings, [format!("warning: {located}")], "{name}");
    assert!(out.exists(), "{name}: no index written");

    std::fs::remove_file(&out).unwrap();
    let refused = run(true);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "{name}: --strict accepted it");
    assert!(stderr.starts_with(&format!("error: {located}\n")), "{name}: {stderr}");
    assert!(!out.exists(), "{name}: --strict wrote an index");
}

#[test]
fn bad_timing_drops_its_cue_with_a_warning_and_strict_refuses_it() {
    let message = "cue dropped: expected a cue timing like `00:00:01,000 --> 00:00:04,000`, found \
                   `00:00:03 000 --> 00:00:04,000` (times are `hh:mm:ss,mmm`); its text is not read: `Broken.`";
    assert_eq!(lenient("bad_timing"), (10, ErrorKind::Timing, message.to_string()));
    lenient_then_strict("bad_timing", 10, message);
}

#[test]
fn short_arrow_drops_its_cue_with_a_warning_and_strict_refuses_it() {
    let message = "cue dropped: expected a cue timing like `00:00:01,000 --> 00:00:04,000`, found \
                   `00:00:02,000 -> 00:00:03,000` (the arrow is `-->`); its text is not read: `The arrow is too short.`";
    assert_eq!(lenient("short_arrow"), (6, ErrorKind::Timing, message.to_string()));
    lenient_then_strict("short_arrow", 6, message);
}

#[test]
fn cue_ending_before_it_starts_ends_at_its_start_and_strict_refuses_it() {
    let message = "the cue ends at 00:00:04,000 before it starts at 00:00:09,000; read as ending where it starts";
    assert_eq!(lenient("end_before_start"), (6, ErrorKind::TimeOrder, message.to_string()));
    lenient_then_strict("end_before_start", 6, message);
}

#[test]
fn text_before_the_first_cue_is_dropped_with_a_warning_and_strict_refuses_it() {
    let message = "expected a cue number or a cue timing like `00:00:01,000 --> 00:00:04,000`, \
                   found `Subtitles downloaded from somewhere`; text before the first cue is not read";
    assert_eq!(lenient("text_before_first_cue"), (1, ErrorKind::Syntax, message.to_string()));
    lenient_then_strict("text_before_first_cue", 1, message);
}

#[test]
fn a_file_without_timings_is_not_srt() {
    let e = srt::parse(&read_fixture("srt/no_timing.srt")).unwrap_err();
    assert_eq!((e.line, e.kind), (1, ErrorKind::Syntax));
    assert_eq!(
        e.message,
        "expected a cue number or a cue timing like `00:00:01,000 --> 00:00:04,000`, found `Hello there.`"
    );
}

#[test]
fn good_fixtures_have_no_warnings() {
    for name in GOOD {
        assert_eq!(parse_fixture(name).warnings, [], "{name}");
    }
}

/// The text words of a fixture, read without the parser: every line that is
/// not blank, not a timing and not a cue number (digits with a timing next),
/// with `<tag>`s and `{\codes}` removed.
fn text_words(source: &str) -> Vec<String> {
    let source = source.trim_start_matches('\u{feff}').replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = source.split('\n').map(str::trim).collect();
    let mut words = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let next = lines[i + 1..].iter().find(|l| !l.is_empty());
        let number = line.bytes().all(|b| b.is_ascii_digit()) && next.is_some_and(|l| l.contains("-->"));
        if line.is_empty() || line.contains("-->") || number {
            continue;
        }
        let mut text = String::new();
        let mut rest = *line;
        while let Some(c) = rest.chars().next() {
            let close = match c {
                '<' if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') => rest.find('>'),
                '{' if rest[1..].starts_with('\\') => rest.find('}'),
                _ => None,
            };
            match close {
                Some(end) => rest = &rest[end + 1..],
                None => {
                    text.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        words.extend(text.split_whitespace().map(str::to_string));
    }
    words
}

#[test]
fn every_text_word_reaches_a_cue_in_order() {
    for name in GOOD {
        let source = text_words(&read_fixture(&format!("srt/{name}.srt")));
        // The cues' words, with each speaker put back as its `Name:` label:
        // optional words (a cue that continues a turn has its speaker
        // without a label in the source).
        let mut got: Vec<(String, bool)> = Vec::new();
        for cue in parse_fixture(name).cues {
            if let Some(speaker) = &cue.speaker {
                got.extend(speaker.split_whitespace().map(|w| (w.to_string(), true)));
                got.last_mut().unwrap().0.push(':');
            }
            got.extend(cue.text.split_whitespace().map(|w| (w.to_string(), false)));
        }
        // The only source words allowed to go are the dashes before labels.
        let mut got = got.into_iter().peekable();
        for word in &source {
            if word == "-" && got.peek().is_none_or(|(w, _)| w != word) {
                continue;
            }
            while got.peek().is_some_and(|(w, optional)| *optional && w != word) {
                got.next();
            }
            if got.peek().is_some_and(|(w, _)| w == word) {
                got.next();
            } else {
                assert_eq!(word, "-", "{name}: `{word}` is missing from the cues");
            }
        }
        assert!(got.all(|(_, optional)| optional), "{name}: cues have words the source lacks");
    }
}

#[test]
fn no_cue_text_keeps_markup_or_arrows() {
    for name in GOOD {
        for cue in parse_fixture(name).cues {
            let t = &cue.text;
            assert!(!t.contains("-->") && !t.contains("{\\"), "{name}: {t}");
            assert!(!t.contains("</"), "{name}: {t}");
            for tag in ["<i>", "<b>", "<u>", "<font", "<I>"] {
                assert!(!t.contains(tag), "{name}: {t}");
            }
            assert_eq!(t, &collapse_whitespace(t), "{name}");
        }
    }
}

// --- linear time: generated inputs a quadratic reader would not finish ----

/// An SRT file of one cue whose text is `text`.
fn one_cue(text: &str) -> String {
    format!("1\n00:00:01,000 --> 00:00:02,000\n{text}\n")
}

/// Every word of the cues' text.
fn words_out(parsed: &Parsed) -> usize {
    parsed.cues.iter().map(|c| c.text.split_whitespace().count()).sum()
}

#[test]
fn a_megabyte_line_of_unclosed_markup_keeps_every_word() {
    const MEGABYTE: usize = 1 << 20;
    for piece in ["<", "<i ", "{\\", "{\\an8 ", "<{\\ "] {
        let line = piece.repeat(MEGABYTE / piece.len());
        let parsed = srt::parse(&one_cue(&line)).unwrap();
        assert_eq!(words_out(&parsed), line.split_whitespace().count(), "{piece:?}");
        assert_eq!(parsed.warnings, [], "{piece:?}");
    }
}

#[test]
fn a_megabyte_line_that_looks_like_a_label_keeps_every_word() {
    let name = "A".repeat(1 << 20);
    for line in [format!("{name}: hi"), format!("- {name}: hi"), format!("Ann{}: hi", " Lee".repeat(250_000))] {
        let parsed = srt::parse(&one_cue(&line)).unwrap();
        assert_eq!(parsed.cues[0].speaker, None);
        assert_eq!(words_out(&parsed), line.split_whitespace().count());
    }
}

#[test]
fn fifty_thousand_cues_keep_every_word() {
    const CUES: u32 = 50_000;
    let mut file = String::new();
    for i in 0..CUES {
        let (start, end) =
            (verbatim::clock::format_precise(i * 1000, ','), verbatim::clock::format_precise(i * 1000 + 900, ','));
        let label = if i % 3 == 0 { "Ann: " } else { "" };
        file.push_str(&format!("{}\n{start} --> {end}\n{label}<i>word{i}</i> two\n{{\\an8}}three\n\n", i + 1));
    }
    let parsed = srt::parse(&file).unwrap();
    assert_eq!(parsed.cues.len(), CUES as usize);
    assert_eq!(words_out(&parsed), 3 * CUES as usize);
    // Labelled every third cue; the cues between continue Ann's turn.
    assert!(parsed.cues.iter().all(|c| c.speaker.as_deref() == Some("Ann")));
    assert_eq!(parsed.warnings, []);
}

#[test]
fn many_numbers_blank_lines_and_broken_timings_stay_linear() {
    // Numbers that are text (no timing after them), each after blank lines.
    let numbers = "\n\n7\n".repeat(100_000);
    let parsed = srt::parse(&one_cue(&numbers)).unwrap();
    assert_eq!(words_out(&parsed), 100_000);
    // Every other timing broken: half the cues dropped, each with a warning.
    let mut file = String::new();
    for i in 0..20_000 {
        let timing = if i % 2 == 0 { "00:00:01,000 --> 00:00:02,000" } else { "00:00:01 000 --> 00:00:02,000" };
        file.push_str(&format!("{}\n{timing}\none two\n\n", i + 1));
    }
    let parsed = srt::parse(&file).unwrap();
    assert_eq!((parsed.cues.len(), parsed.warnings.len(), words_out(&parsed)), (10_000, 10_000, 20_000));
}
