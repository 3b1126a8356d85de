//! TODO: being written.

use super::{ParseError, Parsed};

/// Reads a srt transcript into cues.
pub fn parse(_text: &str) -> Result<Parsed, ParseError> {
    Err(ParseError::new(1, "srt: not implemented yet"))
}
