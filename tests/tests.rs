//! Integration tests: every file below enters through here.

/// A show's catalogue against a brute-force scan of its episodes.
mod archive;
/// The `verbatim` binary: index, dump and search JSON contracts, errors, stats.
mod cli;
mod common;
/// The index byte format: round trips, truncation, damage, foreign files.
mod index_format;
/// JSON: Podcasting 2.0, Whisper, whisper.cpp and WhisperX.
mod parse_json;
/// SRT files against golden cue lists.
mod parse_srt;
/// Plain text: labelled, timestamped and unlabelled prose.
mod parse_text;
/// WebVTT files against golden cue lists.
mod parse_vtt;
/// Invariants: every indexed word is found; no input panics; no word is lost.
mod properties;
/// Searching the demo episode: words, typos, prefixes, phrases, speakers.
mod search_demo;
