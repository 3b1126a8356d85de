//! Integration tests: every file below enters through here.

mod common;
/// WebVTT files against golden cue lists.
mod parse_vtt;
/// SRT files against golden cue lists.
mod parse_srt;
/// Podcasting 2.0 JSON, from segment- to word-level.
mod parse_json;
/// Plain text: labelled, timestamped and unlabelled prose.
mod parse_text;
