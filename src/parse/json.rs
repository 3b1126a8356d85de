//! TODO: being written.

use super::{ParseError, Parsed};

/// Reads a json transcript into cues.
pub fn parse(_text: &str) -> Result<Parsed, ParseError> {
    Err(ParseError::new(1, "json: not implemented yet"))
}
