//! Podcasting 2.0 JSON fixtures against golden cue lists, and the exact
//! line and message of each malformed file.

use verbatim::parse::{json, Format, ParseError};

use crate::common::*;

fn parse_fixture(name: &str) -> Result<verbatim::parse::Parsed, ParseError> {
    let text = read_fixture(&format!("json/{name}.json"));
    assert_eq!(Format::detect(&text), Format::Json, "{name} is not detected as JSON");
    json::parse(&text)
}

fn golden(name: &str) {
    let parsed = parse_fixture(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_golden(&parsed, &format!("json/{name}.expected"));
}

fn error(name: &str) -> (usize, String) {
    let e = parse_fixture(name).expect_err(name);
    (e.line, e.message)
}

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
fn bad_syntax_points_at_the_missing_comma() {
    assert_eq!(
        error("bad_syntax"),
        (
            10,
            "invalid JSON at column 5: expected `,` or `]`; check for a missing comma, quote or bracket here or just before"
                .to_string()
        )
    );
}

#[test]
fn end_before_start_points_at_the_segment() {
    assert_eq!(
        error("end_before_start"),
        (6, r#"segment 3: "endTime" (1.25) is before "startTime" (12.5)"#.to_string())
    );
}

#[test]
fn missing_segments_names_the_keys_found() {
    assert_eq!(
        error("missing_segments"),
        (1, r#"expected a "segments" array at the top level, found only "segment", "version""#.to_string())
    );
}

#[test]
fn errors_name_the_file_through_load() {
    let e = verbatim::parse::load(&fixture("json/end_before_start.json")).expect_err("malformed");
    assert!(
        e.to_string()
            .ends_with("end_before_start.json:6: segment 3: \"endTime\" (1.25) is before \"startTime\" (12.5)"),
        "{e}"
    );
}
