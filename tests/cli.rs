//! The `verbatim` binary, run as a publisher or a script would: `index` on
//! the demo and every fixture, the JSON contracts of `dump` and `search`,
//! located errors that leave no output behind, damaged indexes, `--help`
//! and `stats`.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use verbatim::index::{Index, IndexBuilder};
use verbatim::search::{Query, Searcher};
use verbatim::transcript::format_clock;

use crate::common::{fails, path_arg, stderr, stdout, succeeds};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn demo_dir() -> PathBuf {
    root().join("www/episodes/china-ai-strategy")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)))
}

/// Indexes `input` into a fresh temp dir; returns the dir and the index path.
fn index_of(input: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("episode.idx");
    succeeds(&["index", path_arg(input), "-o", path_arg(&out)]);
    assert!(out.is_file());
    (dir, out)
}

/// Files in a directory, by name.
fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

fn assert_no_temp_files(dir: &Path) {
    let temps: Vec<String> = listing(dir).into_iter().filter(|n| n.ends_with(".tmp")).collect();
    assert!(temps.is_empty(), "temporary files left behind: {temps:?}");
}

/// A located error: `error: <file>:<line>: <what>`; returns the line.
fn assert_located(stderr: &str, file: &Path) -> usize {
    let prefix = format!("error: {}:", file.display());
    let rest =
        stderr.strip_prefix(&prefix).unwrap_or_else(|| panic!("stderr does not start with {prefix:?}: {stderr}"));
    let (line, what) = rest.split_once(": ").unwrap_or_else(|| panic!("no `: ` after the line number: {stderr}"));
    let line: usize = line.parse().unwrap_or_else(|_| panic!("{line:?} is not a line number: {stderr}"));
    assert!(line >= 1, "lines are 1-based: {stderr}");
    assert!(!what.trim().is_empty(), "no message: {stderr}");
    line
}

/// `index` fails on `input`, naming it, and leaves no output or temp file.
fn index_fails(input: &Path) -> (String, usize) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.idx");
    let message = fails(&["index", path_arg(input), "-o", path_arg(&out)]);
    assert!(!out.exists(), "a failed index left {}", out.display());
    assert_no_temp_files(dir.path());
    let line = assert_located(&message, input);
    (message, line)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Transcript fixtures (golden `.expected` files skipped).
fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (dir, ext) in [("vtt", "vtt"), ("srt", "srt"), ("json", "json"), ("text", "txt")] {
        for entry in std::fs::read_dir(root().join("tests/fixtures").join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value.as_object().unwrap_or_else(|| panic!("not an object: {value}")).keys().map(String::as_str).collect()
}

// --- index and dump --------------------------------------------------------

#[test]
fn help_mentions_every_subcommand() {
    let help = stdout(&succeeds(&["--help"]));
    for command in ["index", "dump", "search", "stats"] {
        assert!(help.contains(command), "--help does not mention `{command}`:\n{help}");
    }
    for command in ["index", "dump", "search", "stats"] {
        succeeds(&[command, "--help"]);
    }
    let usage = fails(&["frobnicate"]);
    assert!(usage.contains("frobnicate"), "{usage}");
}

#[test]
fn dump_json_follows_the_contract() {
    let (_dir, index) = index_of(&demo_dir());
    let dump = json(&succeeds(&["dump", path_arg(&index), "--json"]));
    // The contract's keys, plus the documented extensions.
    let contract = ["title", "timing", "duration", "speakers", "segments"];
    let extensions = ["show", "date", "description", "audio", "chapters"];
    assert_eq!(keys(&dump), contract.iter().chain(&extensions).copied().collect());
    assert!(dump["title"].as_str().unwrap().contains("China"));
    assert_eq!(dump["timing"], "estimated");
    let duration = dump["duration"].as_f64().unwrap();
    assert!((3_000.0..5_000.0).contains(&duration), "duration {duration} s");

    let speakers = dump["speakers"].as_array().unwrap();
    let ids: Vec<&str> = speakers.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["alex-kantrowitz", "grace-shao"]);
    for s in speakers {
        assert!(is_subset_of(&keys(s), &["id", "name", "role"]) && keys(s).contains("id") && keys(s).contains("name"));
        assert!(!s["name"].as_str().unwrap().is_empty());
    }

    let segments = dump["segments"].as_array().unwrap();
    let transcript = verbatim::parse::load(&demo_dir()).unwrap().transcript;
    assert_eq!(segments.len(), transcript.segments.len());
    let mut last_start = 0.0;
    for (i, (json, segment)) in segments.iter().zip(&transcript.segments).enumerate() {
        assert_eq!(keys(json), ["end", "id", "speaker", "start", "text"].into_iter().collect(), "segment {i}");
        assert_eq!(json["id"].as_u64(), Some(i as u64));
        let (start, end) = (json["start"].as_f64().unwrap(), json["end"].as_f64().unwrap());
        // Seconds, not milliseconds.
        assert_eq!((start * 1000.0).round() as u32, segment.start, "segment {i}");
        assert_eq!((end * 1000.0).round() as u32, segment.end, "segment {i}");
        assert!(start <= end && start >= last_start && end <= duration, "segment {i}: {start}..{end}");
        last_start = start;
        assert!(ids.contains(&json["speaker"].as_str().unwrap()), "segment {i}");
        assert_eq!(json["text"], segment.text.as_str());
    }
    assert_eq!(segments.last().unwrap()["end"].as_f64(), Some(duration));
}

fn is_subset_of(keys: &BTreeSet<&str>, allowed: &[&str]) -> bool {
    keys.iter().all(|k| allowed.contains(k))
}

/// Every fixture the library parses indexes through the CLI to the same
/// transcript; every fixture it rejects fails with the same located error.
#[test]
fn index_builds_every_good_fixture_and_rejects_every_bad_one() {
    let (mut good, mut bad) = (0, 0);
    for path in fixtures() {
        match verbatim::parse::load(&path).map(|l| l.transcript) {
            Ok(transcript) => {
                let (_dir, index) = index_of(&path);
                let bytes = std::fs::read(&index).unwrap();
                let loaded = Index::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert_eq!(*loaded.transcript, transcript, "{}", path.display());
                assert_eq!(
                    bytes,
                    IndexBuilder::new(&transcript).build(),
                    "{}: the CLI wrote other bytes",
                    path.display()
                );
                let dump = json(&succeeds(&["dump", path_arg(&index), "--json"]));
                assert_eq!(dump["segments"].as_array().unwrap().len(), transcript.segments.len());
                good += 1;
            }
            Err(error) => {
                let (message, line) = index_fails(&path);
                assert_eq!(message.trim_end(), format!("error: {error}"), "{}", path.display());
                assert_eq!(line, error.line);
                bad += 1;
            }
        }
    }
    assert!(good >= 10 && bad >= 5, "{good} good and {bad} bad fixtures");
}

// --- errors that leave nothing behind --------------------------------------

#[test]
fn a_vtt_with_a_bad_timing_line_warns_at_its_line_and_strict_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let vtt = write(
        dir.path(),
        "bad.vtt",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello.\n\n00:00:0x.000 --> 00:00:04.000\nBroken.\n",
    );
    // Lenient by default, like a browser: the cue is dropped, the rest kept.
    let out = dir.path().join("episode.idx");
    let ok = succeeds(&["index", path_arg(&vtt), "-o", path_arg(&out)]);
    let warning = stderr(&ok);
    assert!(warning.contains(&format!("warning: {}:6: cue dropped", vtt.display())), "{warning}");
    let dump = json(&succeeds(&["dump", path_arg(&out), "--json"]));
    assert_eq!(dump["segments"][0]["text"], "Hello.");
    assert_eq!(dump["segments"].as_array().unwrap().len(), 1);
    // --strict: the warning is an error, and nothing is written.
    std::fs::remove_file(&out).unwrap();
    let message = fails(&["index", "--strict", path_arg(&vtt), "-o", path_arg(&out)]);
    assert!(message.contains(&format!("error: {}:6: cue dropped", vtt.display())), "{message}");
    assert!(!out.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "a temporary file was left behind");
}

#[test]
fn an_otter_export_indexes_under_strict_with_a_note_about_its_footer() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "otter.txt",
        b"Ann Lee  0:00\nHello there.\n\nBo  0:05\nHi.\n\n\nTranscribed by https://otter.ai\n",
    );
    let out = dir.path().join("otter.idx");
    let ok = succeeds(&["index", "--strict", path_arg(&file), "-o", path_arg(&out)]);
    let note = format!("note: {}:8: not read: `Transcribed by https://otter.ai`", file.display());
    assert!(stderr(&ok).contains(&note) && !stderr(&ok).contains("warning:"), "{}", stderr(&ok));
    let dump = json(&succeeds(&["dump", path_arg(&out), "--json"]));
    assert_eq!(dump["segments"][1]["text"], "Hi.", "the footer is not in the text");
    // A real warning beside the note still fails under --strict, and only it is the error.
    let both = write(dir.path(), "both.txt", b"Ann Lee  0:00\nCaf\xe9.\n\n\nTranscribed by https://otter.ai\n");
    let message = fails(&["index", "--strict", path_arg(&both), "-o", path_arg(&out)]);
    assert!(message.contains("UTF-8") && !message.contains("otter.ai"), "{message}");
}

#[test]
fn a_non_utf8_file_is_read_as_windows_1252_with_a_warning_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "latin1.txt", b"Ann: Hello.\nBo: Caf\xe9 au lait.\n");
    let out = dir.path().join("latin1.idx");
    let ok = succeeds(&["index", path_arg(&file), "-o", path_arg(&out)]);
    let warning = format!("warning: {}:2: the file is not UTF-8: read as Windows-1252", file.display());
    assert!(stderr(&ok).contains(&warning), "{}", stderr(&ok));
    // `--strict` refuses it, naming the line.
    let message = fails(&["index", "--strict", path_arg(&file), "-o", path_arg(&out)]);
    assert!(message.contains(&format!("{}:2:", file.display())) && message.contains("UTF-8"), "{message}");
}

#[test]
fn a_missing_file_or_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (message, _) = index_fails(&dir.path().join("nope.vtt"));
    assert!(message.contains("cannot read"), "{message}");
    let empty = dir.path().join("empty-episode");
    std::fs::create_dir(&empty).unwrap();
    let (message, _) = index_fails(&empty);
    assert!(message.contains("transcript.txt"), "{message}");
}

#[test]
fn a_bad_episode_toml_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let episode = dir.path().join("ep");
    std::fs::create_dir(&episode).unwrap();
    write(&episode, "transcript.txt", b"Hello there. How are you?\n");
    let meta = "[[speakers]]\nid = \"ann\"\nname = \"Ann\"\n\n[[turns]]\nspeaker = \"ann\"\nat = \"Goodbye\"\n";
    let toml = write(&episode, "episode.toml", meta.as_bytes());
    let out = dir.path().join("out.idx");
    let message = fails(&["index", path_arg(&episode), "-o", path_arg(&out)]);
    assert_eq!(assert_located(&message, &toml), 7, "{message}");
    assert!(!out.exists());
    assert_no_temp_files(dir.path());
}

#[test]
fn a_failed_index_keeps_the_previous_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("episode.idx");
    succeeds(&["index", path_arg(&root().join("tests/fixtures/json/segments.json")), "-o", path_arg(&out)]);
    let before = std::fs::read(&out).unwrap();
    let bad = root().join("tests/fixtures/json/bad_syntax.json");
    let message = fails(&["index", path_arg(&bad), "-o", path_arg(&out)]);
    assert_located(&message, &bad);
    assert_eq!(std::fs::read(&out).unwrap(), before, "the old index was changed");
    assert_no_temp_files(dir.path());
}

#[test]
fn an_unwritable_output_is_an_error_without_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no-such-dir").join("out.idx");
    let message = fails(&["index", path_arg(&demo_dir()), "-o", path_arg(&out)]);
    assert!(message.starts_with(&format!("error: {}: ", out.display())), "{message}");
    assert!(!out.exists());
    // The output path is a directory.
    let message = fails(&["index", path_arg(&demo_dir()), "-o", path_arg(dir.path())]);
    assert!(message.starts_with("error: "), "{message}");
    assert_no_temp_files(dir.path());
}

// --- damaged indexes -------------------------------------------------------

#[test]
fn damaged_or_foreign_indexes_are_refused_with_advice() {
    let (dir, index) = index_of(&demo_dir());
    let good = std::fs::read(&index).unwrap();
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x40;
    let mut version = good.clone();
    version[8] = version[8].wrapping_add(1);
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("truncated.idx", good[..good.len() - 100].to_vec(), "again"),
        ("flipped.idx", flipped, "again"),
        ("version.idx", version, "rebuild"),
        ("image.idx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "`verbatim index`"),
        ("empty.idx", Vec::new(), "`verbatim index`"),
        ("transcript.idx", std::fs::read(demo_dir().join("transcript.txt")).unwrap(), "`verbatim index`"),
    ];
    for (name, bytes, advice) in cases {
        let path = write(dir.path(), name, &bytes);
        for args in [
            vec!["search", path_arg(&path), "china", "--json"],
            vec!["dump", path_arg(&path), "--json"],
            vec!["search", path_arg(&path), "china"],
        ] {
            let message = fails(&args);
            assert!(message.starts_with(&format!("error: {}: ", path.display())), "{name}: {message}");
            assert!(message.contains(advice), "{name}: no {advice:?} in {message}");
            assert_eq!(message.lines().count(), 1, "{name}: {message}");
        }
    }
    let missing = dir.path().join("missing.idx");
    let message = fails(&["search", path_arg(&missing), "china"]);
    assert!(message.starts_with(&format!("error: {}: ", missing.display())), "{message}");
}

// --- search ----------------------------------------------------------------

/// The library's answer, for comparing with the CLI's.
fn library_search(index: &Path, query: &str, speakers: &[&str]) -> (Vec<u32>, Vec<Vec<(usize, usize)>>) {
    let searcher = Searcher::new(Index::from_bytes(&std::fs::read(index).unwrap()).unwrap());
    let speakers: Vec<String> = speakers.iter().map(|s| s.to_string()).collect();
    let result = searcher.search(&Query::parse(query), &speakers);
    let matcher = &result.matcher;
    let spans =
        result.hits.iter().map(|&id| matcher.spans(&searcher.index().transcript.segments[id as usize].text)).collect();
    (result.hits, spans)
}

/// Runs `search --json` and checks its shape; returns the hits' segment ids.
fn search_json(index: &Path, texts: &[String], query: &str, speakers: &[&str]) -> (Value, Vec<u32>) {
    let mut args = vec!["search", path_arg(index), query, "--json"];
    for s in speakers {
        args.extend(["--speaker", s]);
    }
    let out = json(&succeeds(&args));
    assert_eq!(keys(&out), ["hits", "query", "total"].into_iter().collect());
    assert_eq!(out["query"], query);
    let hits = out["hits"].as_array().unwrap();
    assert_eq!(out["total"].as_u64(), Some(hits.len() as u64), "{query}: total is not the number of hits");
    let mut ids = Vec::new();
    let mut last = -1.0;
    for hit in hits {
        assert_eq!(keys(hit), ["segment", "speaker", "spans", "start"].into_iter().collect());
        let id = hit["segment"].as_u64().unwrap() as u32;
        let start = hit["start"].as_f64().unwrap();
        assert!(start >= last, "{query}: hits out of time order");
        last = start;
        let text = &texts[id as usize];
        for span in hit["spans"].as_array().unwrap() {
            let pair = span.as_array().unwrap();
            assert_eq!(pair.len(), 2);
            let (a, b) = (pair[0].as_u64().unwrap() as usize, pair[1].as_u64().unwrap() as usize);
            assert!(
                a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b),
                "{query}: span {a}..{b} in {text:?}"
            );
        }
        ids.push(id);
    }
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{query}: segment ids not increasing");
    let (lib_ids, lib_spans) = library_search(index, query, speakers);
    assert_eq!(ids, lib_ids, "{query}: the CLI and the library disagree");
    for (hit, spans) in hits.iter().zip(lib_spans) {
        let cli: Vec<(usize, usize)> = hit["spans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_u64().unwrap() as usize, p[1].as_u64().unwrap() as usize))
            .collect();
        assert_eq!(cli, spans);
    }
    (out, ids)
}

fn demo_texts(index: &Path) -> Vec<String> {
    let dump = json(&succeeds(&["dump", path_arg(index), "--json"]));
    dump["segments"].as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap().to_string()).collect()
}

#[test]
fn search_json_follows_the_contract() {
    let (_dir, index) = index_of(&demo_dir());
    let texts = demo_texts(&index);
    for query in
        ["hangzhou", "china", "\"open source\"", "deepseek", "hang", "", "zzzzqqq", "人工智能", "\"unclosed phrase"]
    {
        search_json(&index, &texts, query, &[]);
    }
    let (out, ids) = search_json(&index, &texts, "hangzhou", &[]);
    assert!(!ids.is_empty());
    for hit in out["hits"].as_array().unwrap() {
        let text = &texts[hit["segment"].as_u64().unwrap() as usize];
        let spans = hit["spans"].as_array().unwrap();
        assert!(!spans.is_empty());
        for span in spans {
            let word = &text[span[0].as_u64().unwrap() as usize..span[1].as_u64().unwrap() as usize];
            // Hangzhou, or the transcript's one-typo spellings of it.
            assert!(word.to_lowercase().ends_with("zhou"), "marked {word:?}");
        }
    }
    let (out, ids) = search_json(&index, &texts, "", &[]);
    assert_eq!(ids.len(), texts.len());
    assert!(out["hits"].as_array().unwrap().iter().all(|h| h["spans"].as_array().unwrap().is_empty()));
    let (out, _) = search_json(&index, &texts, "\"open source\"", &[]);
    for hit in out["hits"].as_array().unwrap() {
        let text = &texts[hit["segment"].as_u64().unwrap() as usize];
        for span in hit["spans"].as_array().unwrap() {
            let phrase = text[span[0].as_u64().unwrap() as usize..span[1].as_u64().unwrap() as usize].to_lowercase();
            assert!(phrase == "open source" || phrase == "open-source", "marked {phrase:?}");
        }
    }
}

#[test]
fn speaker_filters_keep_only_their_segments() {
    let (_dir, index) = index_of(&demo_dir());
    let texts = demo_texts(&index);
    let (_, all) = search_json(&index, &texts, "china", &[]);
    let (grace_out, grace) = search_json(&index, &texts, "china", &["grace-shao"]);
    let (_, alex) = search_json(&index, &texts, "china", &["alex-kantrowitz"]);
    let (_, both) = search_json(&index, &texts, "china", &["alex-kantrowitz", "grace-shao"]);
    assert!(!grace.is_empty() && !alex.is_empty());
    assert!(grace_out["hits"].as_array().unwrap().iter().all(|h| h["speaker"] == "grace-shao"));
    let mut union: Vec<u32> = grace.iter().chain(&alex).copied().collect();
    union.sort_unstable();
    assert_eq!(union, all);
    assert_eq!(both, all);
    // Unknown ids are ignored, not fatal.
    let (_, unknown) = search_json(&index, &texts, "china", &["nobody"]);
    assert_eq!(unknown, all);
}

#[test]
fn search_without_json_prints_readable_lines() {
    let (_dir, index) = index_of(&demo_dir());
    let out = stdout(&succeeds(&["search", path_arg(&index), "hangzhou"]));
    let (ids, _) = library_search(&index, "hangzhou", &[]);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some(format!("{} matching segments", ids.len()).as_str()));
    let rest: Vec<&str> = lines.collect();
    assert_eq!(rest.len(), ids.len());
    // Estimated times are marked `≈`; matches are bracketed.
    assert!(rest.iter().all(|l| l.starts_with('≈') && l.contains("zhou]")), "{out}");
    assert!(out.contains("[Hangzhou]"), "{out}");
}

// --- stats -----------------------------------------------------------------

#[test]
fn stats_reports_segments_words_speakers_and_sections() {
    let (_dir, index) = index_of(&demo_dir());
    let from_index = stdout(&succeeds(&["stats", path_arg(&index)]));
    let from_folder = stdout(&succeeds(&["stats", path_arg(&demo_dir())]));
    assert_eq!(from_index, from_folder, "stats differ between the index and its episode folder");

    let transcript = verbatim::parse::load(&demo_dir()).unwrap().transcript;
    let words: usize = transcript.segments.iter().map(|s| s.text.split(' ').count()).sum();
    let line_with = |label: &str| {
        from_index
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label:?} line:\n{from_index}"))
    };
    assert_eq!(line_with("segments").split_whitespace().nth(1), Some(transcript.segments.len().to_string().as_str()));
    assert_eq!(line_with("words").split_whitespace().nth(1), Some(words.to_string().as_str()));
    for (speaker, time) in transcript.speakers.iter().zip(transcript.talk_time()) {
        let line = line_with(&speaker.id);
        assert!(line.contains(&format_clock(time)), "{line}");
        assert!(line.contains('%'), "{line}");
    }
    let bytes = std::fs::read(&index).unwrap();
    let table: Vec<&str> = from_index.lines().skip_while(|l| !l.starts_with("index bytes")).collect();
    assert!(!table.is_empty(), "no `index bytes` table:\n{from_index}");
    for (section, body) in verbatim::index::format::sections(&bytes).unwrap() {
        let line = table
            .iter()
            .find(|l| l.trim_start().starts_with(section.name()))
            .unwrap_or_else(|| panic!("no {} row:\n{from_index}", section.name()))
            .trim_start();
        let raw: usize = line[section.name().len()..].split_whitespace().next().unwrap().parse().unwrap();
        assert_eq!(raw, body.len(), "{line}");
    }
    let whole = line_with("whole index");
    assert!(whole.contains(&bytes.len().to_string()), "{whole}");
    assert!(from_index.contains("gzipped index / gzipped text"), "{from_index}");
}

#[test]
fn stats_on_a_damaged_index_is_an_error() {
    let (dir, index) = index_of(&demo_dir());
    let mut bytes = std::fs::read(&index).unwrap();
    bytes.truncate(bytes.len() / 2);
    let path = write(dir.path(), "half.idx", &bytes);
    let message = fails(&["stats", path_arg(&path)]);
    assert!(message.starts_with(&format!("error: {}: ", path.display())) && message.contains("again"), "{message}");
}

/// Two overlapping cues of nearly 1000 hours (the parsers' limit) from one
/// speaker: talk time passes `u32::MAX` milliseconds.
#[test]

fn stats_survives_talk_time_past_u32() {
    let dir = tempfile::tempdir().unwrap();
    let vtt = write(
        dir.path(),
        "long.vtt",
        b"WEBVTT\n\n00:00:00.000 --> 999:00:00.000\n<v Ann>Long one.\n\n00:00:01.000 --> 999:00:00.000\n<v Ann>Long two.\n",
    );
    let out = stdout(&succeeds(&["stats", path_arg(&vtt)]));
    assert!(out.contains("1997:59:59"), "{out}");
}

// --- speaker labels named ------------------------------------------------

const LABELLED: &[u8] = b"WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v SPEAKER_00>Hi, I'm Alex Kantrowitz. Welcome to the show, Grace Shao.\n\n\
00:00:04.000 --> 00:00:07.000\n<v SPEAKER_01>Thanks for having me, Alex.\n\n00:00:07.000 --> 00:00:09.000\n<v SPEAKER_00>So, China.\n";

#[test]
fn speakers_lists_labels_with_talk_time_and_suggested_names() {
    let dir = tempfile::tempdir().unwrap();
    let vtt = write(dir.path(), "interview.vtt", LABELLED);
    let out = json(&succeeds(&["speakers", path_arg(&vtt), "--json"]));
    let labels = out["labels"].as_array().unwrap();
    let got: Vec<(&str, f64, &str)> = labels
        .iter()
        .map(|l| {
            (
                l["label"].as_str().unwrap(),
                l["talk_time"].as_f64().unwrap(),
                l["suggestions"][0]["id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [("SPEAKER_00", 6.0, "alex-kantrowitz"), ("SPEAKER_01", 3.0, "grace-shao")]);
    assert_eq!(labels[1]["first_lines"][0], "Thanks for having me, Alex.");
    // The readable report ends with the lines to paste, which then work.
    let report = stdout(&succeeds(&["speakers", path_arg(&vtt)]));
    let toml = &report[report.find("[[speakers]]").expect("a mapping to paste")..];
    let episode = dir.path().join("episode");
    std::fs::create_dir(&episode).unwrap();
    std::fs::copy(&vtt, episode.join("transcript.vtt")).unwrap();
    std::fs::write(episode.join("episode.toml"), toml).unwrap();
    let (_out, index) = index_of(&episode);
    let dump = json(&succeeds(&["dump", path_arg(&index), "--json"]));
    let speakers: Vec<&str> =
        dump["segments"].as_array().unwrap().iter().map(|s| s["speaker"].as_str().unwrap()).collect();
    assert_eq!(speakers, ["alex-kantrowitz", "grace-shao", "alex-kantrowitz"]);
    assert_eq!(dump["speakers"][1]["name"], "Grace Shao");
}

#[test]
fn speakers_reads_whisper_cpps_diarized_labels_and_counts_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let srt = "1\n00:00:00,000 --> 00:00:02,000\n(speaker 0) Hello there.\n\n2\n00:00:02,000 --> 00:00:03,000\n(speaker ?) Yeah.\n";
    let path = write(dir.path(), "diarized.srt", srt.as_bytes());
    let report = stdout(&succeeds(&["speakers", path_arg(&path)]));
    assert!(report.contains(": 1 speaker label\n(1 word has no label)\n"), "{report}");
    assert!(report.contains("Speaker 0  talks 0:02 (100%), 1 cue, 2 words, first on line 1"), "{report}");
    assert!(report.contains("labels = [\"Speaker 0\"]"), "{report}");
}

#[test]
fn a_label_given_to_two_speakers_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "transcript.vtt", LABELLED);
    let toml = "[[speakers]]\nid = \"a\"\nname = \"A\"\nlabels = [\"SPEAKER_00\"]\n\n[[speakers]]\nid = \"b\"\nname = \"B\"\nlabel = \"speaker_00\"\n";
    write(dir.path(), "episode.toml", toml.as_bytes());
    let out = dir.path().join("out.idx");
    let message = fails(&["index", path_arg(dir.path()), "-o", path_arg(&out)]);
    assert_eq!(assert_located(&message, &dir.path().join("episode.toml")), 9, "{message}");
}

#[test]
fn control_characters_from_a_transcript_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let vtt = write(
        dir.path(),
        "evil.vtt",
        b"WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ev\x1b]0;pwned\x07il>I'm \x1b[31mred\n\nbad\x1b[2J --> x\n",
    );
    let out = dir.path().join("e.idx");
    let ok = succeeds(&["index", path_arg(&vtt), "-o", path_arg(&out)]);
    assert!(!stderr(&ok).contains('\x1b'), "{}", stderr(&ok));
    assert!(stderr(&ok).contains("\\u{1b}"), "{}", stderr(&ok));
    let found = succeeds(&["search", path_arg(&out), "red"]);
    assert!(!stdout(&found).contains('\x1b') && !stdout(&found).contains('\x07'), "{}", stdout(&found));
    let report = succeeds(&["speakers", path_arg(&vtt)]);
    assert!(!stdout(&report).contains('\x1b'), "{}", stdout(&report));
}

#[test]
fn an_empty_transcript_or_one_without_words_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in
        [("empty.txt", &b""[..]), ("blank.srt", b"\n\n  \n"), ("notes.vtt", b"WEBVTT\n\nNOTE nothing said\n")]
    {
        let file = write(dir.path(), name, bytes);
        let (message, line) = index_fails(&file);
        assert_eq!(line, 1, "{message}");
    }
}

#[test]
fn a_file_that_is_not_what_its_extension_says_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, expected) in [
        ("a.vtt", &b"webvtt\n\n00:01.000 --> 00:02.000\nhi\n"[..], "upper case"),
        ("b.vtt", b"1\n00:00:01,000 --> 00:00:02,000\nhi\n", "WEBVTT"),
        ("c.json", b"Hello there.", "expected JSON"),
    ] {
        let file = write(dir.path(), name, bytes);
        let (message, line) = index_fails(&file);
        assert_eq!(line, 1, "{message}");
        assert!(message.contains(expected), "{name}: {message}");
    }
}

// --- a whole show ----------------------------------------------------------

/// Stand-in widget assets: `archive` copies them, it does not run them.
fn fake_assets(dir: &Path) -> PathBuf {
    let assets = dir.join("assets");
    std::fs::create_dir_all(assets.join("site")).unwrap();
    for (name, content) in [
        ("site/verbatim.js", "var wasm_bindgen;"),
        ("site/verbatim_bg.wasm", "\0asm"),
        ("verbatim.css", ".vb{}"),
        ("archive.css", ".vba{}"),
        ("page.css", ".page{}"),
        ("site.css", ".site{}"),
    ] {
        std::fs::write(assets.join(name), content).unwrap();
    }
    assets
}

/// A show of three episodes: two small VTT interviews and the demo.
fn small_show(dir: &Path) -> PathBuf {
    let show = dir.join("show");
    for (slug, date, text) in [
        (
            "first",
            "2025-01-02",
            "<v Ann>Deep Seek is a model from Hangzhou.\n\n00:00:05.000 --> 00:00:09.000\n<v Bo>Open source wins.",
        ),
        (
            "second",
            "2025-02-03",
            "<v Bo>Robots in Hangzhou, robots everywhere.\n\n00:00:05.000 --> 00:00:09.000\n<v Ann>Deepseek again.",
        ),
    ] {
        let folder = show.join(slug);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("transcript.vtt"), format!("WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n{text}\n"))
            .unwrap();
        std::fs::write(folder.join("episode.toml"), format!("title = \"The {slug}\"\ndate = \"{date}\"\n")).unwrap();
    }
    let demo = show.join("china");
    std::fs::create_dir_all(&demo).unwrap();
    for entry in std::fs::read_dir(demo_dir()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, demo.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(show.join("show.toml"), "name = \"Test Show\"\n").unwrap();
    show
}

/// A temporary folder with the small show, stand-in assets and where its
/// site goes: (folder, show, assets, site).
fn show_site() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (show, assets, site) = (small_show(dir.path()), fake_assets(dir.path()), dir.path().join("site"));
    (dir, show, assets, site)
}

/// `verbatim archive <show> -o <site> --assets <assets>`.
fn archive_args<'a>(show: &'a Path, site: &'a Path, assets: &'a Path) -> [&'a str; 6] {
    ["archive", path_arg(show), "-o", path_arg(site), "--assets", path_arg(assets)]
}

#[test]
fn archive_writes_a_site_that_search_reads_like_the_episodes() {
    let (_dir, show, assets, site) = show_site();
    let out = succeeds(&archive_args(&show, &site, &assets));
    assert!(stderr(&out).contains("3 episodes (3 read, 0 unchanged)"), "{}", stderr(&out));
    for file in ["index.html", "verbatim-embed.js", "verbatim_bg.wasm", "page.css", "catalogue/manifest.vcat"] {
        assert!(site.join(file).is_file(), "{file}");
    }
    for slug in ["first", "second", "china"] {
        assert!(
            site.join(slug).join("episode.idx").is_file() && site.join(slug).join("index.html").is_file(),
            "{slug}"
        );
    }
    let archive_page = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(archive_page.contains("data-verbatim-archive") && archive_page.contains("Test Show"));
    // Newest first in the page's own list (readable without JavaScript).
    assert!(archive_page.find("The second").unwrap() < archive_page.find("The first").unwrap());

    let found = json(&succeeds(&["search", path_arg(&site), "deepseek", "--json"]));
    assert_eq!(found["query"], "deepseek");
    let episodes = found["episodes"].as_array().unwrap();
    let slugs: Vec<&str> = episodes.iter().map(|e| e["slug"].as_str().unwrap()).collect();
    assert!(slugs.contains(&"first") && slugs.contains(&"second"), "{slugs:?}");
    // Each episode's hits are what `verbatim search` finds in its own index.
    let mut total = 0;
    for e in episodes {
        let slug = e["slug"].as_str().unwrap();
        let one = json(&succeeds(&["search", path_arg(&site.join(slug).join("episode.idx")), "deepseek", "--json"]));
        let ids = |v: &Value| v.as_array().unwrap().iter().map(|h| h["segment"].as_u64().unwrap()).collect::<Vec<_>>();
        assert_eq!(ids(&e["hits"]), ids(&one["hits"]), "{slug}");
        assert_eq!(e["total"], one["total"], "{slug}");
        for h in e["hits"].as_array().unwrap() {
            let text = h["text"].as_str().unwrap();
            for span in h["spans"].as_array().unwrap() {
                let (a, b) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
                assert!(text.is_char_boundary(a) && text.is_char_boundary(b) && a < b);
            }
        }
        total += e["total"].as_u64().unwrap();
    }
    assert_eq!(found["total"].as_u64().unwrap(), total);
    // Most matches first.
    let totals: Vec<u64> = episodes.iter().map(|e| e["total"].as_u64().unwrap()).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    // A name the show does not know: a warning, not silence.
    let out = succeeds(&["search", path_arg(&site), "deepseek", "--speaker", "nobody"]);
    assert!(
        stderr(&out).contains("warning: no speaker in this show is named `nobody` or has that id"),
        "{}",
        stderr(&out)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("0 matching segments in 0 episodes"));
    // A speaker by name, across episodes.
    let by_ann = json(&succeeds(&["search", path_arg(&site), "deepseek", "--speaker", "ann", "--json"]));
    assert!(by_ann["episodes"].as_array().unwrap().iter().all(|e| e["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["speaker"] == "ann")));

    // Every catalogue file is stored gzip-compressed (what a reader fetches
    // from any host); a site whose files are not (written before) still reads.
    let mut stored = 0;
    for folder in ["catalogue", "catalogue/text", "catalogue/positions"] {
        for entry in std::fs::read_dir(site.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "vcat") {
                let bytes = std::fs::read(&path).unwrap();
                assert!(bytes.starts_with(&[0x1f, 0x8b]), "{} is not gzip", path.display());
                let mut plain = Vec::new();
                flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut plain).unwrap();
                assert!(plain.starts_with(b"VRBTCAT\0"), "{}", path.display());
                std::fs::write(&path, plain).unwrap();
                stored += 1;
            }
        }
    }
    assert!(stored > 5, "{stored} catalogue files");
    assert_eq!(json(&succeeds(&["search", path_arg(&site), "deepseek", "--json"])), found);
}

#[test]
fn archive_rereads_only_changed_episodes_and_a_failing_one_writes_nothing() {
    let (_dir, show, assets, site) = show_site();
    let args = archive_args(&show, &site, &assets);
    succeeds(&args);
    let again = succeeds(&args);
    assert!(stderr(&again).contains("(0 read, 3 unchanged)"), "{}", stderr(&again));
    std::fs::write(
        show.join("first/transcript.vtt"),
        "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n<v Ann>Now about zebrafish.\n",
    )
    .unwrap();
    let changed = succeeds(&args);
    assert!(stderr(&changed).contains("(1 read, 2 unchanged)"), "{}", stderr(&changed));
    let found = json(&succeeds(&["search", path_arg(&site), "zebrafish", "--json"]));
    assert_eq!(found["episodes"][0]["slug"], "first");

    // A broken episode: an error naming its file and line, and the site as it was.
    let before = std::fs::read(site.join("catalogue/manifest.vcat")).unwrap();
    std::fs::write(show.join("second/transcript.vtt"), "not webvtt\n").unwrap();
    let message = fails(&args);
    assert!(message.starts_with(&format!("error: {}:1:", show.join("second/transcript.vtt").display())), "{message}");
    assert!(message.contains("episode second: nothing was written"), "{message}");
    assert_eq!(std::fs::read(site.join("catalogue/manifest.vcat")).unwrap(), before);
    assert_eq!(json(&succeeds(&["search", path_arg(&site), "zebrafish", "--json"]))["total"], 1);
    let leftovers: Vec<String> =
        listing(&site).into_iter().filter(|n| n.starts_with(".catalogue") || n.ends_with(".tmp")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_episode_folder_named_like_the_sites_own_files_is_refused_and_nothing_is_written() {
    let (_dir, show, assets, site) = show_site();
    let args = archive_args(&show, &site, &assets);
    succeeds(&args);
    let manifest = std::fs::read(site.join("catalogue/manifest.vcat")).unwrap();
    for name in ["catalogue", "Index.html"] {
        let folder = show.join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::copy(show.join("first/transcript.vtt"), folder.join("transcript.vtt")).unwrap();
        let message = fails(&args);
        assert!(message.contains(&format!("cannot be called `{name}`")), "{message}");
        assert_eq!(std::fs::read(site.join("catalogue/manifest.vcat")).unwrap(), manifest, "{name}");
        std::fs::remove_dir_all(&folder).unwrap();
    }
    // Removing an episode never removes the site's own files.
    std::fs::remove_dir_all(show.join("first")).unwrap();
    succeeds(&args);
    assert!(!site.join("first").exists());
    assert!(site.join("catalogue/manifest.vcat").is_file() && site.join("index.html").is_file());
}

#[test]
fn json_with_a_character_cut_between_tokens_is_read_with_a_warning_other_text_as_windows_1252() {
    // whisper.cpp's full JSON (-ojf) splits a character's bytes over tokens.
    let dir = tempfile::tempdir().unwrap();
    let source = r#"{"transcription": [{"timestamps": {"from": "00:00:00,000", "to": "00:00:02,000"},
        "offsets": {"from": 0, "to": 2000}, "text": "中国", "tokens": [{"text": "CUT1"}, {"text": "CUT2"}]}]}"#;
    let mut bytes = source.replace("CUT1", "\u{1}").replace("CUT2", "\u{2}").into_bytes();
    // Tokens holding parts of a character: a lead byte without the bytes
    // that continue it, and a continuing byte alone.
    for b in bytes.iter_mut() {
        match *b {
            1 => *b = 0xe4,
            2 => *b = 0xad,
            _ => {}
        }
    }
    bytes.push(b'\n');
    let json_file = dir.path().join("full.json");
    std::fs::write(&json_file, &bytes).unwrap();
    let out = dir.path().join("episode.idx");
    let ok = succeeds(&["index", path_arg(&json_file), "-o", path_arg(&out)]);
    assert!(
        stderr(&ok).contains(&format!("warning: {}:2: bytes that are not UTF-8", json_file.display())),
        "{}",
        stderr(&ok)
    );
    assert_eq!(json(&succeeds(&["dump", path_arg(&out), "--json"]))["segments"][0]["text"], "中国");
    // Other text that is not UTF-8 is read as Windows-1252, as a browser
    // reads a page that names no encoding, with a warning at its line.
    let latin1 = dir.path().join("latin1.srt");
    std::fs::write(&latin1, b"1\n00:00:00,000 --> 00:00:02,000\nCaf\xe9 au lait \x96 \x93bien\x94.\n").unwrap();
    let ok = succeeds(&["index", path_arg(&latin1), "-o", path_arg(&out)]);
    assert!(
        stderr(&ok).contains(&format!("warning: {}:3: the file is not UTF-8: read as Windows-1252", latin1.display()))
    );
    assert_eq!(json(&succeeds(&["dump", path_arg(&out), "--json"]))["segments"][0]["text"], "Café au lait – “bien”.");
    // UTF-16 with its byte order mark, as Windows subtitle tools save it.
    let utf16 = dir.path().join("utf16.srt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("1\r\n00:00:00,000 --> 00:00:02,000\r\nCafé 中国\r\n".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&utf16, bytes).unwrap();
    succeeds(&["index", path_arg(&utf16), "-o", path_arg(&out)]);
    assert_eq!(json(&succeeds(&["dump", path_arg(&out), "--json"]))["segments"][0]["text"], "Café 中国");
    // Bytes with NULs are no text in any encoding read here.
    let binary = dir.path().join("binary.txt");
    std::fs::write(&binary, b"caf\xe9\x00\x01\n").unwrap();
    let message = fails(&["index", path_arg(&binary), "-o", path_arg(&out)]);
    assert!(message.contains("not valid UTF-8; save it as UTF-8"), "{message}");
}

/// Files a web server running as another user can read (0644 under the
/// usual umask 022), wherever the CLI writes them.
#[cfg(unix)]
#[test]
fn written_files_are_readable_by_others_as_the_umask_allows() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, show, assets, site) = show_site();
    // The umask this test runs under decides what "readable by others" is.
    let probe = dir.path().join("probe");
    std::fs::write(&probe, b"").unwrap();
    let expected = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
    let idx = dir.path().join("episode.idx");
    succeeds(&["index", path_arg(&demo_dir()), "-o", path_arg(&idx)]);
    succeeds(&archive_args(&show, &site, &assets));
    for file in [idx, site.join("index.html"), site.join("first/episode.idx"), site.join("catalogue/manifest.vcat")] {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, expected, "{}: {mode:o}", file.display());
    }
}

#[test]
fn a_folder_with_two_transcripts_reads_the_timed_one_and_warns_about_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let episode = dir.path().join("ep");
    std::fs::create_dir_all(&episode).unwrap();
    std::fs::write(episode.join("transcript.txt"), "Hello there, plain words.\n").unwrap();
    std::fs::write(
        episode.join("transcript.vtt"),
        "WEBVTT\n\n00:00:03.000 --> 00:00:05.000\n<v Ann>Hello there, timed words.\n",
    )
    .unwrap();
    let out = dir.path().join("episode.idx");
    let ok = succeeds(&["index", path_arg(&episode), "-o", path_arg(&out)]);
    let warning = stderr(&ok);
    let txt = episode.join("transcript.txt");
    assert!(
        warning.contains(&format!("warning: {}:1: not read: this folder's transcript.vtt is", txt.display())),
        "{warning}"
    );
    let dump = json(&succeeds(&["dump", path_arg(&out), "--json"]));
    assert_eq!(dump["segments"][0]["text"], "Hello there, timed words.");
    assert_eq!(dump["timing"], "exact");
}

#[test]
fn an_untitled_episode_is_titled_by_its_folder_in_the_site_and_its_search() {
    let (_dir, show, assets, site) = show_site();
    let untitled = show.join("untitled-one");
    std::fs::create_dir_all(&untitled).unwrap();
    std::fs::write(untitled.join("transcript.txt"), "Ocelots at dawn.\n").unwrap();
    succeeds(&archive_args(&show, &site, &assets));
    let found = json(&succeeds(&["search", path_arg(&site), "ocelots", "--json"]));
    assert_eq!(found["episodes"][0]["slug"], "untitled-one");
    assert_eq!(found["episodes"][0]["title"], "untitled-one");
    let page = std::fs::read_to_string(site.join("untitled-one/index.html")).unwrap();
    assert!(page.contains("<title>untitled-one"), "{}", &page[..page.len().min(600)]);
}

#[test]
fn a_damaged_catalogue_is_a_clear_error() {
    let (dir, show, assets, site) = show_site();
    succeeds(&archive_args(&show, &site, &assets));
    let manifest = site.join("catalogue/manifest.vcat");
    let mut bytes = std::fs::read(&manifest).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&manifest, &bytes).unwrap();
    let message = fails(&["search", path_arg(&site), "deepseek", "--json"]);
    assert!(message.contains("manifest.vcat") && message.contains("damaged"), "{message}");
    let message = fails(&["search", path_arg(dir.path()), "deepseek"]);
    assert!(message.contains("is this a site written by `verbatim archive`?"), "{message}");
}

/// Every WebVTT case a browser survives by dropping or correcting a cue:
/// (what, file, the warning's line, what survives).
const VTT_DROPPED: [(&str, &str, usize, &str); 9] = [
    ("stray arrow", "WEBVTT\n\n-->\n00:01.000 --> 00:02.000\nkept\n", 3, "kept"),
    ("NUL in a timing", "WEBVTT\n\n00:00.000 --> 00:01.\u{0}00\nlost\n\n00:01.000 --> 00:02.000\nkept\n", 3, "kept"),
    ("sixty seconds", "WEBVTT\n\n00:00:60.000 --> 00:01:01.000\nlost\n\n00:01.000 --> 00:02.000\nkept\n", 3, "kept"),
    (
        "a digit too many",
        "WEBVTT\n\n00:00:000.000 --> 00:00:01.000\nlost\n\n00:01.000 --> 00:02.000\nkept\n",
        3,
        "kept",
    ),
    ("a digit too few", "WEBVTT\n\n00:00:0.000 --> 00:00:01.000\nlost\n\n00:01.000 --> 00:02.000\nkept\n", 3, "kept"),
    ("vertical tab", "WEBVTT\n\n00:00.000\u{b}--> 00:01.000\nlost\n\n00:01.000 --> 00:02.000\nkept\n", 3, "kept"),
    ("ends before it starts", "WEBVTT\n\n00:05.000 --> 00:04.000\nkept\n", 3, "kept"),
    ("text outside cues", "WEBVTT\n\n00:01.000 --> 00:02.000\nkept\n\nlost after a blank line\n", 6, "kept"),
    ("blank lines before the signature", "\n\nWEBVTT\n\n00:01.000 --> 00:02.000\nkept\n", 3, "kept"),
];

#[test]
fn every_dropped_webvtt_cue_warns_leniently_and_fails_strictly() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (what, text, line, kept)) in VTT_DROPPED.iter().enumerate() {
        let vtt = write(dir.path(), &format!("case{i}.vtt"), text.as_bytes());
        let out = dir.path().join(format!("case{i}.idx"));
        let ok = succeeds(&["index", path_arg(&vtt), "-o", path_arg(&out)]);
        let warning = format!("warning: {}:{line}: ", vtt.display());
        assert!(stderr(&ok).contains(&warning), "{what}: {}", stderr(&ok));
        let dump = json(&succeeds(&["dump", path_arg(&out), "--json"]));
        assert_eq!(dump["segments"][0]["text"], *kept, "{what}");
        assert_eq!(dump["segments"].as_array().unwrap().len(), 1, "{what}");
        std::fs::remove_file(&out).unwrap();
        let message = fails(&["index", "--strict", path_arg(&vtt), "-o", path_arg(&out)]);
        assert!(message.starts_with(&format!("error: {}:{line}: ", vtt.display())), "{what}: {message}");
        assert!(!out.exists(), "{what}");
    }
    assert_no_temp_files(dir.path());
}

#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    // `verbatim dump … | head -1`: the reader goes away while the dump (far
    // more than a pipe's buffer) is still being written.
    let (_dir, index) = index_of(&demo_dir());
    let mut child = Command::new(env!("CARGO_BIN_EXE_verbatim"))
        .args(["dump", path_arg(&index), "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}
