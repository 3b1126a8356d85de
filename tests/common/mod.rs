//! Shared test helpers: fixture paths and golden cue files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use verbatim::parse::{Cue, Parsed};
use verbatim::transcript::Millis;

/// Path of a fixture under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

/// Reads a fixture as text.
pub fn read_fixture(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn clock(ms: Option<Millis>) -> String {
    ms.map_or_else(|| "-".to_string(), |ms| format!("{}.{:03}", ms / 1000, ms % 1000))
}

/// Renders cues in the golden format: one line per cue,
/// `start|end|speaker|text` with times as `seconds.millis` or `-`.
pub fn render_cues(cues: &[Cue]) -> String {
    cues.iter()
        .map(|c| format!("{}|{}|{}|{}\n", clock(c.start), clock(c.end), c.speaker.as_deref().unwrap_or("-"), c.text))
        .collect()
}

/// Asserts that `parsed` renders exactly as the golden file `rel` (e.g.
/// `vtt/basic.expected`). Set `UPDATE_GOLDEN=1` to rewrite it instead.
pub fn assert_golden(parsed: &Parsed, rel: &str) {
    let got = render_cues(&parsed.cues);
    let path = fixture(rel);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(got, want, "cues differ from golden file {rel}");
}

/// Runs the `verbatim` binary.
pub fn verbatim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_verbatim")).args(args).output().expect("the binary runs")
}

/// A path as a command-line argument.
pub fn path_arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp paths")
}

/// Standard output as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs `verbatim`, which must succeed.
pub fn succeeds(args: &[&str]) -> Output {
    let out = verbatim(args);
    assert!(out.status.success(), "verbatim {args:?} failed: {}", stderr(&out));
    out
}

/// Runs `verbatim`, which must fail without printing on stdout; its stderr.
pub fn fails(args: &[&str]) -> String {
    let out = verbatim(args);
    assert!(!out.status.success(), "verbatim {args:?} succeeded: {}", stdout(&out));
    assert!(out.stdout.is_empty(), "verbatim {args:?} printed on failure: {}", stdout(&out));
    stderr(&out)
}
